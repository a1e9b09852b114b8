import { In, type DataSource, type EntityManager } from 'typeorm';
import { CHANNELS_VERSION_SQL, channelsVersionOf } from '../channels/channel-registry';
import { isMysql } from '../db/data-source';
import { Contact, Message, type OutboxLane } from '../db/entities';
import { hydrateRow, prefixedColumns } from '../db/hydrate-row';
import { inTransaction } from '../db/transaction';
import { writeWithNext } from '../db/pipelined-statements';

/** A row this sender now holds: `recovering` when it was taken from a sender whose lease ran out (it may have gone). */
export interface Claimed { row: Message; contact: Contact; recovering: boolean }

/**
 * What one claim took, read in the same statement: the rows with their contacts, the channels' version as of that
 * moment (so the sender compares its channel copy without a query of its own) and whether it took every row then due
 * (`exhausted`: a second claim now would find nothing new). A claim of fewer rows than the limit is not enough to say
 * so on MariaDB, where it passes over rows others hold (claimLocked).
 */
export interface Claim { claimed: Claimed[]; channelsVersion: string; exhausted: boolean }

/** Lanes in the order they are served: every due reply before any campaign text. */
const LANES: OutboxLane[] = ['reply', 'bulk'];

/** Each kind of due row in the order it is served (its index is the `pick` the claim sorts by). */
const PICKS = LANES.flatMap((lane) => (['sending', 'queued'] as const).map((status) => ({ lane, status })));

/**
 * Claims up to `limit` due rows: rows whose lease expired first, then queued rows due now, reply lane before bulk,
 * earliest due first. All of them are marked `sending` under one lease, and no row is ever held by two senders.
 */
export function claimDue(ds: DataSource, now: Date, leaseMs: number, limit: number): Promise<Claim> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return isMysql(ds) ? claimLocked(ds, now, leaseUntil, limit) : claimInOneStatement(ds, now, leaseUntil, limit);
}

/**
 * MariaDB: one SELECT reads every kind of due row `FOR UPDATE SKIP LOCKED` (a UNION ALL of one indexed read per kind,
 * so two nodes claiming at once take different rows instead of waiting for each other), and one UPDATE marks them
 * before the transaction lets go of them. Their contacts and the channels' version are read after the commit, in one
 * plain SELECT: inside the lock they stranded rows (a claim joined to contacts held rows it did not return, seen in
 * outbox-batches), and a further statement while holding the rows made the recorder and the webhooks' INSERTs wait
 * for it under a burst (inbound-burst, 2 s database timeouts).
 *
 * A short claim does not prove that nothing else is due: SKIP LOCKED passes over every row another transaction holds,
 * and InnoDB holds more than it hands out (another claim's reads lock rows they do not return, along the index and the
 * table by different paths, and a claim locks the rows its members read beyond the union's LIMIT). Three senders
 * claiming 600 rows at once each passed over 101 of them, and their drains ended with the rows still queued
 * (outbox-batches under CPU load). So the same SELECT also counts the due rows a plain read sees (`seen`, the union's
 * last row): the claim is `exhausted` only when that read saw no due row beyond the ones this claim took.
 */
async function claimLocked(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claim> {
  const [members, params] = dueMembers(ds.manager, now, limit, true);
  const [plain, plainParams] = dueMembers(ds.manager, now, limit + 1, false, 'id');
  // One row, every message column NULL, `seen` the count (at most limit + 1 per kind: enough to tell "more"). No message
  // joins a NULL primary key, and MariaDB knows it without reading one; `ON 1 = 0` had it read the whole table (every
  // message ever stored, on every claim: bench:webhook's costliest statement, ~10 ms at 6,000 messages).
  const seen = `SELECT m.*, ${PICKS.length} AS pick, d.n AS seen FROM (SELECT COUNT(*) AS n FROM (${plain.map((sql) => `(${sql})`).join(' UNION ALL ')}) AS due) AS d LEFT JOIN messages m ON m.id IS NULL`;
  const rows = await inTransaction(ds, async (em) => {
    // MariaDB takes a locking read only as a parenthesised member. The seen row sorts last, after at most `limit` rows.
    const read = await em.query(`${[...members, seen].map((sql) => `(${sql})`).join(' UNION ALL ')} ORDER BY pick, next_attempt_at, id LIMIT ?`,
      [...params, ...plainParams, limit + 1]) as RawRow[];
    const due = read.filter((r) => Number(r.pick) < PICKS.length).slice(0, limit);
    if (due.length) {
      // Its answer is not needed (the rows are locked): on MariaDB it travels with the COMMIT.
      const [sql, values] = em.createQueryBuilder().update(Message).set(claimedAs(leaseUntil))
        .where('id IN (:...ids)', { ids: due.map((r) => Number(r.id)) }).getQueryAndParameters();
      await writeWithNext(em, sql, values);
    }
    const counted = read.find((r) => Number(r.pick) === PICKS.length);
    return { due, exhausted: due.length < limit && Number(counted?.seen ?? Infinity) <= due.length };
  });
  if (!rows.due.length) return { claimed: [], channelsVersion: '', exhausted: rows.exhausted };
  const ids = [...new Set(rows.due.map((r) => Number(r.contact_id)))];
  const found = await ds.query(`SELECT ${contactColumns(ds.manager)}, ${CHANNELS_VERSION_SQL} FROM contacts c WHERE c.id IN (${ids.map(() => '?').join(', ')})`, ids) as RawRow[];
  const claim = { ...toClaim(ds.manager, rows.due, found, limit), exhausted: rows.exhausted };
  markClaimed(claim.claimed, leaseUntil);
  return claim;
}

/**
 * SQLite: the due rows are read with their contacts and the channels' version in one statement (nothing is locked),
 * then claimed by one `UPDATE … WHERE <still due> RETURNING id`, atomic on its own: a row another sender took in
 * between is no longer due and is not returned. No transaction spans an await, since two nodes in one process (tests,
 * the bench) would block each other inside better-sqlite3's synchronous busy wait. The rows read before the UPDATE
 * keep their previous updated_at, which findSent needs.
 */
async function claimInOneStatement(ds: DataSource, now: Date, leaseUntil: Date, limit: number): Promise<Claim> {
  const [members, params] = dueMembers(ds.manager, now, limit, false);
  // SQLite takes LIMIT in a member only inside a subquery.
  const union = members.map((sql) => `SELECT * FROM (${sql})`).join(' UNION ALL ');
  const raw = await ds.query(`SELECT u.*, ${contactColumns(ds.manager)}, ${CHANNELS_VERSION_SQL} FROM (${union}) u JOIN contacts c ON c.id = u.contact_id ORDER BY u.pick, u.next_attempt_at, u.id LIMIT ?`, [...params, limit]) as RawRow[];
  const claim = toClaim(ds.manager, raw, raw, limit);
  if (!claim.claimed.length) return claim;
  const ids = { queued: claim.claimed.filter((c) => !c.recovering).map((c) => c.row.id), sending: claim.claimed.filter((c) => c.recovering).map((c) => c.row.id) };
  // Each row is claimed only if it is still due as the kind it was read as (a queued row another sender took is not).
  const due = (['queued', 'sending'] as const).filter((st) => ids[st].length).map((st) => `(id IN (:...${st}Ids) AND ${stillDue(st)})`);
  const [update, updateParams] = ds.createQueryBuilder().update(Message).set(claimedAs(leaseUntil))
    .where(due.join(' OR '), { queuedIds: ids.queued, sendingIds: ids.sending, queuedStatus: 'queued', sendingStatus: 'sending', now })
    .getQueryAndParameters();
  const taken = new Set((await ds.query(`${byRowId(update)} RETURNING id`, updateParams) as Array<{ id: number }>).map((r) => Number(r.id)));
  const claimed = claim.claimed.filter((c) => taken.has(c.row.id));
  markClaimed(claimed, leaseUntil);
  return { ...claim, claimed };
}

/**
 * A claimed row is due again when its lease runs out (then another sender recovers it): its `next_attempt_at` says so
 * as well as `lease_until`, so the claim finds expired leases along idx_messages_outbox_due (status, lane,
 * next_attempt_at), ending at the first lease still running, instead of reading — and on MariaDB locking — every
 * text in flight to test each one's lease (outbox-claim-reads.test.ts).
 */
export const claimedAs = (leaseUntil: Date) => ({ status: 'sending' as const, leaseUntil, nextAttemptAt: leaseUntil, attempts: () => 'attempts + 1' });

/** The claimed rows as the UPDATE of claimedAs left them in the database, read before it. */
function markClaimed(claimed: Claimed[], leaseUntil: Date): void {
  for (const { row } of claimed) Object.assign(row, { status: 'sending', leaseUntil, nextAttemptAt: leaseUntil, attempts: row.attempts + 1 });
}

/**
 * The claim's UPDATE finds its rows by id alone. Offered `id IN (three or more) AND status = …`, SQLite read every
 * queued text along the outbox index instead (5.5 ms at a 100,000-text backlog, bench:outbox-backlog); NOT INDEXED
 * leaves it the primary key only.
 */
function byRowId(update: string): string {
  const head = 'UPDATE "messages" SET';
  if (!update.startsWith(head)) throw new Error(`the claim's UPDATE no longer starts ${head}`);
  return `UPDATE "messages" NOT INDEXED SET${update.slice(head.length)}`;
}

const stillDue = (status: 'queued' | 'sending') => (status === 'queued'
  ? 'status = :queuedStatus AND next_attempt_at <= :now'
  : 'status = :sendingStatus AND lease_until < :now');

type RawRow = Record<string, unknown>;

/**
 * The union's members, in the order served: each kind of due row is its own indexed read along
 * idx_messages_outbox_due (status, lane, next_attempt_at), at most `limit` rows (locked, skipping locked rows, on
 * MariaDB), earliest due first; the union keeps the first `limit` by kind (`pick`), then due time and id. A queued
 * text is due when its time has come (a queued text always has one: migration 1764900050000), so the read of that
 * kind ends at the first text not yet due — a paced campaign's future backlog is never read. A lease that ran out is
 * found the same way, a claimed row being due at its lease's end (claimedAs). A kind that did not need all of its
 * rows held them only until the claim's commit, and that claim was a full batch, so its sender claims again.
 */
function dueMembers(em: EntityManager, now: Date, limit: number, lock: boolean, only?: 'id'): [string[], unknown[]] {
  let built = builtMembers.get(em.connection);
  if (!built) builtMembers.set(em.connection, built = new Map());
  const key = `${lock} ${only ?? '*'} ${limit}`;
  let members = built.get(key);
  if (!members) {
    if (built.size > 64) built.clear();   // limits are few (a sender's batch sizes); never grows without bound
    // Built at two times: the parameters that differ are where `now` goes (as the driver passes it: SQLite a string).
    const [sqls, params] = buildDueMembers(em, new Date(0), limit, lock, only);
    const [, other] = buildDueMembers(em, new Date(86_400_000), limit, lock, only);
    const nowAt = params.flatMap((param, i) => (String(param) !== String(other[i]) ? [i] : []));
    // `now` once for each queued kind, twice for each kind being sent (its due time and its lease).
    if (nowAt.length !== PICKS.length + LANES.length) throw new Error('the claim\'s statement no longer takes `now` where buildDueMembers puts it');
    built.set(key, members = { sqls, params, nowAt });
  }
  const params = [...members.params];
  const [, [nowParam]] = em.connection.driver.escapeQueryWithParameters(':now', { now });
  for (const i of members.nowAt) params[i] = nowParam;
  return [members.sqls, params];
}

/**
 * The sender claims every few milliseconds under load, and building these statements with the query builder each
 * time was 2% of a webhook's CPU (bench:webhook's profile): each is built once per data source, kind and limit.
 */
const builtMembers = new WeakMap<DataSource, Map<string, { sqls: string[]; params: unknown[]; nowAt: number[] }>>();

function buildDueMembers(em: EntityManager, now: Date, limit: number, lock: boolean, only?: 'id'): [string[], unknown[]] {
  const parts = PICKS.map(({ lane, status }, pick) => {
    const qb = em.createQueryBuilder(Message, 'm');
    if (only) qb.select(`m.${only}`); else qb.select('m.*').addSelect(String(pick), 'pick').addSelect('NULL', 'seen');
    qb.where('m.status = :status AND m.lane = :lane AND m.direction = :out', { status, lane, out: 'out' })
      // A lease that ran out: due by next_attempt_at, which a claim sets to the lease's end (claimedAs); lease_until is
      // tested too, for rows claimed by a node not yet upgraded during a rolling restart (their next_attempt_at is the
      // time they were first due, long past, while their lease still runs).
      .andWhere(status === 'queued' ? 'm.next_attempt_at <= :now' : 'm.next_attempt_at < :now AND m.lease_until < :now', { now })
      .orderBy('m.next_attempt_at', 'ASC').addOrderBy('m.id', 'ASC').limit(limit);
    if (lock) qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    const [sql, params] = qb.getQueryAndParameters();
    return [isMysql(em.connection) ? alongOutboxIndex(sql) : sql, params] as const;
  });
  return [parts.map(([sql]) => sql), parts.flatMap(([, p]) => p)];
}

/**
 * MariaDB is told which index to read: left to choose, it sometimes walked the primary key in id order to spare a
 * sort — through every message stored, when none or few were of the kind — whenever its statistics still counted
 * the many texts being sent a moment before (~6,000 rows read per claim at 3,000 messages in outbox-claim-reads).
 */
function alongOutboxIndex(sql: string): string {
  const from = 'FROM `messages` `m`';
  if (sql.indexOf(from) < 0 || sql.indexOf(from) !== sql.lastIndexOf(from)) throw new Error(`the claim's member no longer reads ${from} once`);
  return sql.replace(from, `${from} FORCE INDEX (idx_messages_outbox_due)`);
}

/** Every contact column, prefixed `ct__` (toClaim hydrates them). */
const contactColumns = (em: EntityManager) => prefixedColumns(em, Contact, 'c', 'ct__');

/** The claimed rows with their contacts (`found`: rows carrying `ct__` columns and the channels' version). */
function toClaim(em: EntityManager, rows: RawRow[], found: RawRow[], limit: number): Claim {
  const contacts = new Map(found.map((r) => [Number(r.ct__id), hydrateRow(em, Contact, r, 'ct__')]));
  const claimed = rows.map((r) => ({ row: hydrateRow(em, Message, r), contact: contacts.get(Number(r.contact_id))!, recovering: PICKS[Number(r.pick)]!.status === 'sending' }));
  // No row, no version: the sender needs it only for the rows it sends.
  return { claimed, channelsVersion: found.length ? channelsVersionOf(found[0]!) : '', exhausted: rows.length < limit };
}

/**
 * Gives claimed rows back unsent (the sender is stopping, or a row's lease would run out before its turn): queued
 * again, due `now` (their claim made them due at the lease's end), the claim's attempt not counted. Fenced by the
 * lease, so a row another sender recovered meanwhile is left to it.
 */
export function releaseClaims(ds: DataSource, rows: Message[], now: Date): Promise<void> {
  return giveBack(ds, rows.map((row) => ({ row, at: now })));
}

/**
 * Gives claimed rows back to be sent later, each at its own `at` (a paced campaign's backlog spread out again),
 * as releaseClaims does otherwise.
 */
export function postponeClaims(ds: DataSource, rows: Array<{ row: Message; at: Date }>): Promise<void> {
  return giveBack(ds, rows);
}

/** Queued again, the claim's attempt not counted, fenced by the lease: one UPDATE per distinct (time, lease). */
async function giveBack(ds: DataSource, rows: Array<{ row: Message; at: Date }>): Promise<void> {
  const groups = new Map<string, { at: Date; lease: Date | null; ids: number[] }>();
  for (const { row, at } of rows) {
    const key = `${at.getTime()} ${row.leaseUntil?.getTime()}`;
    const group = groups.get(key) ?? { at, lease: row.leaseUntil, ids: [] };
    group.ids.push(row.id);
    groups.set(key, group);
  }
  for (const { at, lease, ids } of groups.values()) {
    await ds.createQueryBuilder().update(Message)
      .set({ status: 'queued', leaseUntil: null, attempts: () => 'attempts - 1', nextAttemptAt: at })
      .where({ id: In(ids) }).andWhere('status = :sending AND lease_until = :lease', { sending: 'sending', lease }).execute();
  }
}
