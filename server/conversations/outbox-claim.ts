import { In, type DataSource, type EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { Message, type OutboxLane } from '../db/entities';
import { inTransaction } from '../db/transaction';

/** A row this sender now holds: `recovering` when it was taken from a sender whose lease ran out (it may have gone). */
export interface Claimed { row: Message; recovering: boolean }

/** Lanes in the order they are served: every due reply before any campaign text. */
const LANES: OutboxLane[] = ['reply', 'bulk'];

/**
 * Claims up to `limit` due rows: rows whose lease expired first, then queued rows due now, reply lane before bulk,
 * oldest first. All of them are marked `sending` under one lease, and no row is ever held by two senders.
 */
export function claimDue(ds: DataSource, now: Date, leaseMs: number, limit: number): Promise<Claimed[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return isMysql(ds) ? claimLocked(ds, now, leaseUntil, limit) : claimInOneStatement(ds, now, leaseUntil, limit);
}

/** Each kind of due row in the order it is served. */
const PICKS = LANES.flatMap((lane) => (['sending', 'queued'] as const).map((status) => ({ lane, status })));

/**
 * MariaDB: the rows are read `FOR UPDATE SKIP LOCKED`, so two nodes claiming at once take different rows instead of
 * waiting for each other, and one UPDATE marks them before the transaction lets go of them.
 */
function claimLocked(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  return inTransaction(ds, async (em) => {
    const found: Claimed[] = [];
    for (const { lane, status } of PICKS) {
      if (found.length >= limit) break;
      const rows = await dueRows(em, lane, status, now).take(limit - found.length).setLock('pessimistic_write').setOnLocked('skip_locked').getMany();
      for (const row of rows) found.push({ row, recovering: status === 'sending' });
    }
    if (!found.length) return found;
    await em.createQueryBuilder().update(Message).set({ status: 'sending', leaseUntil, attempts: () => 'attempts + 1' })
      .where({ id: In(found.map((c) => c.row.id)) }).execute();
    for (const { row } of found) Object.assign(row, { status: 'sending', leaseUntil, attempts: row.attempts + 1 });
    return found;
  });
}

/**
 * SQLite: each kind of due row is read, then claimed by one `UPDATE … WHERE id IN (…) AND <still due> RETURNING id`,
 * atomic on its own: a row another sender took in between is no longer due and is not returned. No transaction spans
 * an await, since two nodes in one process (tests, the bench) would block each other inside better-sqlite3's
 * synchronous busy wait. The rows read before the UPDATE keep their previous updated_at, which findSent needs.
 */
async function claimInOneStatement(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  const found: Claimed[] = [];
  for (const { lane, status } of PICKS) {
    if (found.length >= limit) break;
    const rows = await dueRows(ds.manager, lane, status, now).take(limit - found.length).getMany();
    if (!rows.length) continue;
    const [update, params] = ds.createQueryBuilder().update(Message).set({ status: 'sending', leaseUntil, attempts: () => 'attempts + 1' })
      .where({ id: In(rows.map((r) => r.id)) }).andWhere(stillDue(status), { status, now }).getQueryAndParameters();
    const taken = new Set((await ds.query(`${update} RETURNING id`, params) as Array<{ id: number }>).map((r) => Number(r.id)));
    for (const row of rows) {
      if (!taken.has(row.id)) continue;
      Object.assign(row, { status: 'sending', leaseUntil, attempts: row.attempts + 1 });
      found.push({ row, recovering: status === 'sending' });
    }
  }
  return found;
}

const stillDue = (status: 'queued' | 'sending') => (status === 'queued'
  ? 'status = :status AND (next_attempt_at IS NULL OR next_attempt_at <= :now)'
  : 'status = :status AND lease_until < :now');

/** One lane's due rows of one status, in id order along idx_messages_outbox_lane (status, lane, id). */
function dueRows(em: EntityManager, lane: OutboxLane, status: 'queued' | 'sending', now: Date) {
  const qb = em.createQueryBuilder(Message, 'm').where('m.status = :status AND m.lane = :lane AND m.direction = :out', { status, lane, out: 'out' });
  qb.andWhere(status === 'queued' ? '(m.next_attempt_at IS NULL OR m.next_attempt_at <= :now)' : 'm.lease_until < :now', { now });
  return qb.orderBy('m.id', 'ASC');
}

/**
 * Gives claimed rows back unsent (the sender is stopping, or a row's lease would run out before its turn): queued
 * again at once, the claim's attempt not counted. Fenced by the lease, so a row another sender recovered meanwhile
 * is left to it.
 */
export function releaseClaims(ds: DataSource, rows: Message[]): Promise<void> {
  return giveBack(ds, rows.map((row) => ({ row, at: null })));
}

/**
 * Gives claimed rows back to be sent later, each at its own `at` (a paced campaign's backlog spread out again),
 * as releaseClaims does otherwise.
 */
export function postponeClaims(ds: DataSource, rows: Array<{ row: Message; at: Date }>): Promise<void> {
  return giveBack(ds, rows);
}

/** Queued again, the claim's attempt not counted, fenced by the lease: one UPDATE per distinct (time, lease). */
async function giveBack(ds: DataSource, rows: Array<{ row: Message; at: Date | null }>): Promise<void> {
  const groups = new Map<string, { at: Date | null; lease: Date | null; ids: number[] }>();
  for (const { row, at } of rows) {
    const key = `${at?.getTime()} ${row.leaseUntil?.getTime()}`;
    const group = groups.get(key) ?? { at, lease: row.leaseUntil, ids: [] };
    group.ids.push(row.id);
    groups.set(key, group);
  }
  for (const { at, lease, ids } of groups.values()) {
    await ds.createQueryBuilder().update(Message)
      .set({ status: 'queued', leaseUntil: null, attempts: () => 'attempts - 1', ...(at ? { nextAttemptAt: at } : {}) })
      .where({ id: In(ids) }).andWhere('status = :sending AND lease_until = :lease', { sending: 'sending', lease }).execute();
  }
}
