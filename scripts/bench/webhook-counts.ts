import path from 'node:path';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import type { TestDatabase } from '../../test/support/test-database';

export interface InboundCounts { stored: number; decided: number; replied: number; queued: number }

// Each stored text should have its own bot reply: the reply names the text whose decision sent it (decided_by_id).
const COUNTS = `SELECT
  (SELECT COUNT(*) FROM messages WHERE direction = 'in' AND provider = 'twilio') AS stored,
  (SELECT COUNT(*) FROM messages WHERE direction = 'in' AND provider = 'twilio' AND decision IS NOT NULL) AS decided,
  (SELECT COUNT(DISTINCT o.decided_by_id) FROM messages o WHERE o.direction = 'out' AND o.origin = 'bot' AND o.decided_by_id IS NOT NULL) AS replied,
  (SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status = 'queued') AS queued`;

async function read(db: TestDatabase): Promise<InboundCounts> {
  let row: Record<string, unknown>;
  if (db.env.DATABASE_URL) {
    const conn = await createConnection(db.env.DATABASE_URL);
    [[row]] = await conn.query(COUNTS) as unknown as [[Record<string, unknown>]];
    await conn.end();
  } else {
    const sqlite = new Database(path.join(db.env.DATA_DIR, 'huixin.sqlite'), { readonly: true });
    row = sqlite.prepare(COUNTS).get() as Record<string, unknown>;
    sqlite.close();
  }
  return { stored: Number(row.stored), decided: Number(row.decided), replied: Number(row.replied), queued: Number(row.queued) };
}

/** What the database holds of the bench's texts, once the sender has sent what was queued (or 60 s passed). */
export async function countInbound(db: TestDatabase, acked: number): Promise<InboundCounts> {
  let counts = await read(db);
  for (const until = Date.now() + 60_000; (counts.queued > 0 || counts.replied < acked) && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 500));
    counts = await read(db);
  }
  return counts;
}
