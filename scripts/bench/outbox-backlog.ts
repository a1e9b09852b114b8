/**
 * The sender's claim beside a paced campaign's backlog. A campaign with a rate queues every text at once, each due at
 * its turn (100,000 at 50 a second: due over 33 minutes), and the sender claims every few milliseconds under load.
 * Printed: the time of a claim that finds the few texts due now, first with no backlog (the baseline, same run, same
 * database), then with BACKLOG texts not yet due. A claim that reads the backlog grows with it; one that reads only
 * what is due does not. Usage: npm run bench:outbox-backlog [-- --backlog 100000 --rate 50 --claims 30]
 * (DATABASE_URL=mysql://… for MariaDB; else SQLite.)
 */
import { claimDue } from '../../server/conversations/outbox-claim';
import { insertRows, type SqlValue } from '../../server/db/bulk-insert';
import { createDataSource, isMysql } from '../../server/db/data-source';
import { createTestDatabase } from '../../test/support/test-database';
import { analyzeSeeded, arg, loadAverage, percentile, withUnsyncedWrites } from './bench-runs';

const BACKLOG = arg('backlog', 100_000);
const RATE = arg('rate', 50);
const CLAIMS = arg('claims', 30);
const DUE_EACH_TIME = 3;
const now = new Date('2026-12-01T03:00:00.000Z');

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
  try {
    await ds.initialize();
    await ds.runMigrations();
    await insertRows(ds.manager, 'contacts', [{ phone: '+8613700000001', name: '陈', locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: '[]', opted_out: false, created_at: now, updated_at: now }]);
    const [{ id: contactId }] = await ds.query('SELECT id FROM contacts') as Array<{ id: number }>;
    await insertRows(ds.manager, 'conversations', [{ contact_id: contactId, status: 'resolved', created_at: now, updated_at: now }]);
    const [{ id: conversationId }] = await ds.query('SELECT id FROM conversations') as Array<{ id: number }>;
    const text = (n: number, dueAt: Date): Record<string, SqlValue> => ({
      conversation_id: conversationId, contact_id: contactId, direction: 'out', origin: 'system', body: `本周六门诊照常开放 ${n}`, provider: 'loopback',
      status: 'queued', compliance: false, attempts: 0, next_attempt_at: dueAt, lane: 'bulk', created_at: now, updated_at: now,
    });
    // Each claim takes the few texts due, queued again before the next one (as a sender would find them); only the claim is timed.
    let n = 0;
    const claims = async (): Promise<number[]> => {
      const ms: number[] = [];
      for (let i = 0; i <= CLAIMS; i++) {
        await insertRows(ds.manager, 'messages', Array.from({ length: DUE_EACH_TIME }, () => text(n++, new Date(now.getTime() - 1000))));
        const start = performance.now();
        const claim = await claimDue(ds, now, 30_000, 200);
        if (i > 0) ms.push(performance.now() - start);   // the first warms the statement caches
        if (claim.claimed.length !== DUE_EACH_TIME) throw new Error(`a claim took ${claim.claimed.length} texts, not the ${DUE_EACH_TIME} due`);
      }
      return ms.sort((a, b) => a - b);
    };
    const report = (label: string, ms: number[]) => console.log(`${label.padEnd(44)} median ${percentile(ms, 50).toFixed(2).padStart(8)} ms   p90 ${percentile(ms, 90).toFixed(2).padStart(8)} ms`);
    console.log(`${isMysql(ds) ? 'MariaDB' : 'SQLite'}: a claim of the ${DUE_EACH_TIME} texts due now, ${CLAIMS} claims each   ${loadAverage()}`);
    const baseline = await claims();
    report('no backlog (baseline)', baseline);
    await withUnsyncedWrites(ds, async () => {
      for (let i = 0; i < BACKLOG; i += 1000) {
        await insertRows(ds.manager, 'messages', Array.from({ length: Math.min(1000, BACKLOG - i) }, (_, k) => text(n++, new Date(now.getTime() + 1000 + Math.floor((i + k) / RATE) * 1000))));
      }
    });
    await analyzeSeeded(ds, ['messages']);
    const behind = await claims();
    report(`${BACKLOG.toLocaleString('en')} texts due later (${RATE}/s)`, behind);
    console.log(`ratio: ${(percentile(behind, 50) / percentile(baseline, 50)).toFixed(1)}× the baseline's median`);
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
