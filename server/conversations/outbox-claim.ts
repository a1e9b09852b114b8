import type { DataSource, EntityManager } from 'typeorm';
import { CHANNELS_VERSION_SQL, channelsVersionOf } from '../channels/channel-registry';
import { isMysql } from '../db/data-source';
import { Contact, Message, type OutboxLane } from '../db/entities';
import { hydrateRow } from '../db/hydrate-row';
import { inTransaction } from '../db/transaction';

/** A row this sender now holds: `recovering` when it was taken from a sender whose lease ran out (it may have gone). */
export interface Claimed { row: Message; contact: Contact; recovering: boolean }

/**
 * What one claim took, read in the same statement: the rows with their contacts, the channels' version as of that
 * moment (so the sender compares its channel copy without a query of its own) and whether every due row was read
 * (`exhausted`: fewer than the limit were due, so a second claim now would find nothing new).
 */
export interface Claim { claimed: Claimed[]; channelsVersion: string; exhausted: boolean }

/** Lanes in the order they are served: every due reply before any campaign text. */
const LANES: OutboxLane[] = ['reply', 'bulk'];

/** Each kind of due row in the order it is served (its index is the `pick` the claim sorts by). */
const PICKS = LANES.flatMap((lane) => (['sending', 'queued'] as const).map((status) => ({ lane, status })));

/**
 * Claims up to `limit` due rows: rows whose lease expired first, then queued rows due now, reply lane before bulk,
 * oldest first. All of them are marked `sending` under one lease, and no row is ever held by two senders.
 */
export function claimDue(ds: DataSource, now: Date, leaseMs: number, limit: number): Promise<Claim> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return isMysql(ds) ? claimLocked(ds, now, leaseUntil, limit) : claimInOneStatement(ds, now, leaseUntil, limit);
}

/**
 * MariaDB: one SELECT reads every kind of due row `FOR UPDATE SKIP LOCKED` (a UNION ALL of one indexed read per
 * kind, so two nodes claiming at once take different rows instead of waiting for each other), and one UPDATE marks
 * them before the transaction lets go of them.
 */
function claimLocked(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claim> {
  return inTransaction(ds, async (em) => {
    const claim = await readDue(em, now, limit, true);
    if (!claim.claimed.length) return claim;
    await em.createQueryBuilder().update(Message).set({ status: 'sending', leaseUntil, attempts: () => 'attempts + 1' })
      .where('id IN (:...ids)', { ids: claim.claimed.map((c) => c.row.id) }).execute();
    for (const { row } of claim.claimed) Object.assign(row, { status: 'sending', leaseUntil, attempts: row.attempts + 1 });
    return claim;
  });
}

/**
 * SQLite: the due rows are read, then claimed by one `UPDATE … WHERE <still due> RETURNING id`, atomic on its own: a
 * row another sender took in between is no longer due and is not returned. No transaction spans an await, since two
 * nodes in one process (tests, the bench) would block each other inside better-sqlite3's synchronous busy wait. The
 * rows read before the UPDATE keep their previous updated_at, which findSent needs.
 */
async function claimInOneStatement(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claim> {
  const claim = await readDue(ds.manager, now, limit, false);
  if (!claim.claimed.length) return claim;
  const ids = { queued: claim.claimed.filter((c) => !c.recovering).map((c) => c.row.id), sending: claim.claimed.filter((c) => c.recovering).map((c) => c.row.id) };
  // Each row is claimed only if it is still due as the kind it was read as (a queued row another sender took is not).
  const due = (['queued', 'sending'] as const).filter((s) => ids[s].length).map((s) => `(id IN (:...${s}Ids) AND ${stillDue(s)})`);
  const [update, params] = ds.createQueryBuilder().update(Message).set({ status: 'sending', leaseUntil, attempts: () => 'attempts + 1' })
    .where(due.join(' OR '), { queuedIds: ids.queued, sendingIds: ids.sending, queuedStatus: 'queued', sendingStatus: 'sending', now })
    .getQueryAndParameters();
  const taken = new Set((await ds.query(`${update} RETURNING id`, params) as Array<{ id: number }>).map((r) => Number(r.id)));
  const claimed = claim.claimed.filter((c) => taken.has(c.row.id));
  for (const { row } of claimed) Object.assign(row, { status: 'sending', leaseUntil, attempts: row.attempts + 1 });
  return { ...claim, claimed };
}

const stillDue = (status: 'queued' | 'sending') => (status === 'queued'
  ? 'status = :queuedStatus AND (next_attempt_at IS NULL OR next_attempt_at <= :now)'
  : 'status = :sendingStatus AND lease_until < :now');

/**
 * Every kind of due row in one statement, in the order served: each kind is its own indexed read along
 * idx_messages_outbox_lane (status, lane, id), at most `limit` rows (locked and skipping locked rows on MariaDB), and
 * the union keeps the first `limit` by kind, then id. A kind that did not need all of its rows held them only until
 * the claim's commit. Their contacts and the channels' version come with them: on SQLite in the same statement; on
 * MariaDB in a second one of the claim's transaction, because a locking read joined to anything else was seen to
 * claim nothing while another claim held rows (outbox-batches' two nodes at once).
 */
async function readDue(em: EntityManager, now: Date, limit: number, lock: boolean): Promise<Claim> {
  const parts = PICKS.map(({ lane, status }, pick) => {
    const qb = em.createQueryBuilder(Message, 'm').select('m.*').addSelect(String(pick), 'pick')
      .where('m.status = :status AND m.lane = :lane AND m.direction = :out', { status, lane, out: 'out' })
      .andWhere(status === 'queued' ? '(m.next_attempt_at IS NULL OR m.next_attempt_at <= :now)' : 'm.lease_until < :now', { now })
      .orderBy('m.id', 'ASC').limit(limit);
    if (lock) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return qb.getQueryAndParameters();
  });
  const params = [...parts.flatMap(([, p]) => p), limit];
  const contactColumns = em.connection.getMetadata(Contact).columns.map((c) => `c.${c.databaseName} AS ct__${c.databaseName}`).join(', ');
  let raw: Array<Record<string, unknown>>;
  let extra: Array<Record<string, unknown>> = [];
  if (lock) {
    // MariaDB takes a locking read only as a parenthesised member.
    raw = await em.query(`${parts.map(([sql]) => `(${sql})`).join(' UNION ALL ')} ORDER BY pick, id LIMIT ?`, params) as typeof raw;
    if (raw.length) {
      const ids = [...new Set(raw.map((r) => Number(r.contact_id)))];
      extra = await em.query(`SELECT ${contactColumns}, ${CHANNELS_VERSION_SQL} FROM contacts c WHERE c.id IN (${ids.map(() => '?').join(', ')})`, ids) as typeof raw;
    }
  } else {
    // SQLite takes LIMIT in a member only inside a subquery.
    const union = parts.map(([sql]) => `SELECT * FROM (${sql})`).join(' UNION ALL ');
    raw = await em.query(`SELECT u.*, ${contactColumns}, ${CHANNELS_VERSION_SQL} FROM (${union}) u JOIN contacts c ON c.id = u.contact_id ORDER BY u.pick, u.id LIMIT ?`, params) as typeof raw;
    extra = raw;
  }
  const contacts = new Map(extra.map((r) => [Number(r.ct__id), hydrateRow(em, Contact, r, 'ct__')]));
  const claimed = raw.map((r) => ({ row: hydrateRow(em, Message, r), contact: contacts.get(Number(r.contact_id))!, recovering: PICKS[Number(r.pick)]!.status === 'sending' }));
  // No row, no version: the sender needs it only for the rows it sends.
  return { claimed, channelsVersion: extra.length ? channelsVersionOf(extra[0]!) : '', exhausted: raw.length < limit };
}

/**
 * Gives claimed rows back unsent (the sender is stopping, or a row's lease would run out before its turn): queued
 * again at once, the claim's attempt not counted. Fenced by the lease, so a row another sender recovered meanwhile
 * is left to it.
 */
export async function releaseClaims(ds: DataSource, rows: Message[]): Promise<void> {
  for (const row of rows) {
    await ds.createQueryBuilder().update(Message).set({ status: 'queued', leaseUntil: null, attempts: () => 'attempts - 1' })
      .where('id = :id AND status = :sending AND lease_until = :lease', { id: row.id, sending: 'sending', lease: row.leaseUntil }).execute();
  }
}
