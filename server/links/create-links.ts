import type { EntityManager } from 'typeorm';
import { ShortLink } from '../db/entities';
import { isUniqueViolation } from '../db/transaction';
import { bulkInsert } from '../contacts/transfer/bulk-insert';
import { newCode } from './link-codes';

/** Rows per INSERT: 7 parameters each stays far below SQLite's and MariaDB's parameter limits. */
const CHUNK = 500;
/** A clash of two random codes is ~1 in 10^9 per campaign of 100,000; three tries make a failure unthinkable. */
const TRIES = 3;

/** Only web pages: a short link must never become a javascript: or data: redirect. */
export class UnsafeTargetError extends Error {
  constructor(readonly target: string) { super('A short link must point to an http or https address'); }
}

export function assertWebTarget(target: string): void {
  let url: URL;
  try { url = new URL(target); } catch { throw new UnsafeTargetError(target); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeTargetError(target);
}

/** The public address of a code: `PUBLIC_URL` (the address customers reach), else this server's own port. */
export function shortUrl(publicUrl: string | undefined, port: number, code: string): string {
  const base = (publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return `${base}/s/${code}`;
}

async function insertChunk(em: EntityManager, target: string, campaignId: number | null, contactIds: Array<number | null>, now: Date): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const rows = contactIds.map((contactId) => ({ code: newCode(), targetUrl: target, campaignId, contactId, createdAt: now, firstClickedAt: null, clickCount: 0 }));
    try {
      await bulkInsert(em, ShortLink, rows);
      return rows.map((r) => r.code);
    } catch (err) {
      // MariaDB and SQLite undo only the failed statement, so the transaction can go on with fresh codes.
      if (!isUniqueViolation(err) || attempt >= TRIES) throw err;
    }
  }
}

/**
 * One code per recipient, inserted in bulk inside the caller's transaction (the campaign's queueing), so a link
 * exists exactly when its message does. Returns each contact's code; a contact listed twice gets one code.
 * @example const codes = await createShortLinks(em, { targetUrl: 'https://clinic.example/offer', campaignId: 7, contactIds: [1, 2], now });
 *          shortUrl(config.PUBLIC_URL, config.PORT, codes.get(1)!) // → 'https://huixin.example/s/q3ZbT07x'
 */
export async function createShortLinks(em: EntityManager, q: { targetUrl: string; campaignId: number | null; contactIds: number[]; now: Date }): Promise<Map<number, string>> {
  assertWebTarget(q.targetUrl);
  const ids = [...new Set(q.contactIds)];
  const codes = new Map<number, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const made = await insertChunk(em, q.targetUrl, q.campaignId, chunk, q.now);
    chunk.forEach((id, j) => codes.set(id, made[j]));
  }
  return codes;
}

/** One link not tied to a person (a test send, a poster): clicks count, but name nobody. */
export async function createShortLink(em: EntityManager, q: { targetUrl: string; campaignId?: number | null; contactId?: number | null; now: Date }): Promise<string> {
  assertWebTarget(q.targetUrl);
  const [code] = await insertChunk(em, q.targetUrl, q.campaignId ?? null, [q.contactId ?? null], q.now);
  return code;
}
