import { EventSubscriber, type DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent, type TransactionStartEvent } from 'typeorm';
import { isMysql } from '../db/data-source';
import { writeWithNext } from '../db/pipelined-statements';
import { systemClock, type Clock } from '../shared/clock';
import { hourOf, monthOf, MONTHLY_DIMS, type RollupDelta } from './rollup-keys';

/**
 * Writes the report counts. Inside a transaction, a writer's deltas are gathered on its query runner and written as
 * one grouped upsert just before COMMIT (RollupFlush): in the same transaction as the change they count, yet the hot
 * rows (this hour's totals) are locked only for the moment before commit, in key order, so two transactions never
 * take them in opposite orders. Outside a transaction they are written at once.
 */

const PENDING = Symbol('report rollups pending');
/** Set when the flush before COMMIT wrote something: the rows it lowered (maybe none), to delete if left at zero. */
const WRITTEN = Symbol('report rollups written');
/** The deltas gathered before each open savepoint, innermost last: a rollback to the savepoint puts them back. */
const BEFORE_SAVEPOINT = Symbol('report rollups before each savepoint');
type RunnerData = { [PENDING]?: Map<string, RollupDelta>; [WRITTEN]?: RollupRow[]; [BEFORE_SAVEPOINT]?: Array<Map<string, RollupDelta>> };

const depthOf = (runner: unknown) => (runner as { transactionDepth: number }).transactionDepth;
const copyOf = (pending: Map<string, RollupDelta> | undefined) => new Map([...(pending ?? [])].map(([key, d]) => [key, { ...d }]));

const COLUMNS = ['grain', 'dim', 'bucket', 'value', 'channel_id', 'kind', 'state', 'n', 'segments'] as const;
const KEY = COLUMNS.slice(0, 7).join(', ');
/** One row's placeholders. */
const TUPLE = `(${COLUMNS.map(() => '?').join(', ')})`;
/** ~8,000 parameters per statement, like db/bulk-insert.ts. */
const ROWS_PER_STATEMENT = Math.floor(8000 / COLUMNS.length);

const keyOf = (d: RollupDelta) => `${d.hour}\u0000${d.dim}\u0000${d.value}\u0000${d.channelId}\u0000${d.kind}\u0000${d.state}`;

/** Adds deltas of the same key together (a status move's −1 and +1 on an unchanged slice cancel out here). */
function merge(into: Map<string, RollupDelta>, deltas: RollupDelta[]): void {
  for (const d of deltas) {
    const key = keyOf(d);
    const held = into.get(key);
    if (held) { held.n += d.n; held.segments += d.segments; } else into.set(key, { ...d });
  }
}

/** Counts `deltas` with the change the caller is making on `em` (see the top of this file). */
export async function countRollups(em: EntityManager, deltas: RollupDelta[]): Promise<void> {
  if (!deltas.length) return;
  const runner = em.queryRunner;
  if (runner?.isTransactionActive) {
    const data = runner.data as RunnerData;
    merge(data[PENDING] ??= new Map(), deltas);
    return;
  }
  const merged = new Map<string, RollupDelta>();
  merge(merged, deltas);
  if (await writeRollups((sql, params) => em.query(sql, params), isMysql(em.connection), [...merged.values()])) notifyReportsChanged(em.connection);
}

/**
 * One upsert per ~900 rows, each delta in its hour's row and its UTC day's row (and month's, grainsOf), in key order; deltas that net to
 * nothing are left out. `only`: one grain's rows alone (the rebuild taking a day out of its month). Answers whether anything was written.
 */
export async function writeRollups(query: Query, mysql: boolean, deltas: RollupDelta[], only?: Grain): Promise<boolean> {
  const lowered = await upsertRollups(query, mysql, deltas, only);
  if (lowered) await deleteEmptied(query, lowered);
  return lowered !== null;
}

type Query = (sql: string, params: unknown[]) => Promise<unknown>;
export type Grain = 'h' | 'd' | 'm';
type RollupRow = [string, string, number, string, number, string, string, number, number];

/** The rows a delta counts in: its hour's and its UTC day's, and its UTC month's on the monthly dimensions (rollup-keys.ts). */
function grainsOf(d: RollupDelta): Array<readonly [Grain, number]> {
  const grains: Array<readonly [Grain, number]> = [['h', d.hour], ['d', Math.floor(d.hour / 24) * 24]];
  if (MONTHLY_DIMS.has(d.dim)) grains.push(['m', monthOf(d.hour)]);
  return grains;
}

/** A row's key, whose order is the order rows are written and deleted in (the bucket padded: text order is number order). */
const rowKeyOf = (grain: string, dim: string, bucket: number, value: string, channelId: number, kind: string, state: string) =>
  `${grain}\u0000${dim}\u0000${String(bucket).padStart(8, '0')}\u0000${value}\u0000${channelId}\u0000${kind}\u0000${state}`;

/** The upsert of writeRollups; answers the rows whose counts went down (null: nothing written). */
async function upsertRollups(query: Query, mysql: boolean, deltas: RollupDelta[], only?: Grain): Promise<RollupRow[] | null> {
  const rows = new Map<string, RollupRow>();
  for (const d of deltas) {
    if (!d.n && !d.segments) continue;
    for (const [grain, bucket] of grainsOf(d)) {
      if (only && grain !== only) continue;
      const key = rowKeyOf(grain, d.dim, bucket, d.value, d.channelId, d.kind, d.state);
      const held = rows.get(key);
      if (held) { held[7] += d.n; held[8] += d.segments; } else rows.set(key, [grain, d.dim, bucket, d.value, d.channelId, d.kind, d.state, d.n, d.segments]);
    }
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  if (!ordered.length) return null;
  const upsert = mysql
    ? 'ON DUPLICATE KEY UPDATE n = n + VALUES(n), segments = segments + VALUES(segments)'
    : `ON CONFLICT (${KEY}) DO UPDATE SET n = n + excluded.n, segments = segments + excluded.segments`;
  for (let i = 0; i < ordered.length; i += ROWS_PER_STATEMENT) {
    const slice = ordered.slice(i, i + ROWS_PER_STATEMENT);
    const tuples = `${TUPLE}, `.repeat(slice.length - 1) + TUPLE;
    await query(`INSERT INTO report_rollups (${COLUMNS.join(', ')}) VALUES ${tuples} ${upsert}`, slice.flat());
  }
  return ordered.filter((row) => row[7] < 0 || row[8] < 0);
}

/**
 * A count moved away may leave its row at zero (every text passes through `pending`): gone, the row costs no read.
 * Deleting a zero row is right at any moment (a count added later inserts it again). Never inside the transaction
 * that lowered it: that second pass over the hot rows locked them out of key order, and MariaDB chose the inbound
 * pipeline's upsert as a deadlock victim again and again under a burst of replies (npm run bench:webhook).
 */
async function deleteEmptied(query: Query, lowered: RollupRow[]): Promise<void> {
  for (let i = 0; i < lowered.length; i += ROWS_PER_STATEMENT) {
    const slice = lowered.slice(i, i + ROWS_PER_STATEMENT);
    const keys = slice.map(() => `(${COLUMNS.slice(0, 7).map((c) => `${c} = ?`).join(' AND ')})`).join(' OR ');
    await query(`DELETE FROM report_rollups WHERE n = 0 AND segments = 0 AND (${keys})`, slice.flatMap((row) => row.slice(0, 7)));
  }
}

/** Writes a transaction's gathered counts before it commits, and says so after it has. Listed in db/data-source.ts. */
@EventSubscriber()
export class RollupFlush implements EntitySubscriberInterface {
  /**
   * A savepoint is about to open (SQLite's group commit runs each transaction in one, db/transaction.ts): what was
   * gathered so far is kept, so that rolling back to it also takes back the counts of the work it undid.
   */
  beforeTransactionStart(event: TransactionStartEvent): void {
    if (depthOf(event.queryRunner) === 0) return;
    const data = event.queryRunner.data as RunnerData;
    (data[BEFORE_SAVEPOINT] ??= []).push(copyOf(data[PENDING]));
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    // A savepoint's release is not the commit: its deltas stay gathered for the outer transaction.
    if (depthOf(runner) > 1) return;
    const data = runner.data as RunnerData;
    const pending = data[PENDING];
    if (!pending?.size) return;
    delete data[PENDING];
    // On MariaDB the upsert goes in one round trip with the COMMIT (db/pipelined-statements.ts): the hot rows it
    // updates (this hour's totals, which every text's transaction counts in) are held one round trip less.
    const lowered = await upsertRollups((sql, params) => writeWithNext(runner.manager, sql, params), isMysql(runner.connection), [...pending.values()]);
    if (lowered) data[WRITTEN] = lowered;
  }

  /** The rows the commit may have left at zero are deleted soon after, with other commits' (deleteSoon). */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    const data = runner.data as RunnerData;
    if (depthOf(runner) > 0) { data[BEFORE_SAVEPOINT]?.pop(); return; }   // a savepoint released: its counts stay gathered
    delete data[BEFORE_SAVEPOINT];
    const lowered = data[WRITTEN];
    if (!lowered) return;
    delete data[WRITTEN];
    if (lowered.length) deleteSoon(event.connection, lowered);
    notifyReportsChanged(event.connection);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const data = event.queryRunner.data as RunnerData;
    if (depthOf(event.queryRunner) > 0) {
      // Rolled back to a savepoint: the counts gathered since it opened go with the rows they counted.
      const before = data[BEFORE_SAVEPOINT]?.pop();
      if (before?.size) data[PENDING] = before; else delete data[PENDING];
      return;
    }
    delete data[PENDING];
    delete data[WRITTEN];
    delete data[BEFORE_SAVEPOINT];
  }
}

const listeners = new WeakMap<DataSource, Set<() => void>>();

/** Hears every committed change of the counts on `ds` (this process's own writes); returns the way to stop. */
export function onReportsChanged(ds: DataSource, listener: () => void): () => void {
  let set = listeners.get(ds);
  if (!set) listeners.set(ds, set = new Set());
  set.add(listener);
  return () => { set.delete(listener); };
}

function notifyReportsChanged(ds: DataSource): void {
  for (const listener of listeners.get(ds) ?? []) listener();
}

/** How long the rows commits may have emptied wait to be deleted together. */
export const EMPTIED_SWEEP_MS = 1000;
/**
 * Per data source: the emptied rows gathered, the sweep's timer, and the clock whose hour, day and month are under way
 * (the app's, a test's fixed clock too; the system's when none was given).
 */
interface Emptied { rows: Map<string, RollupRow>; timer: ReturnType<typeof setTimeout> | null; clock: Clock }
const emptied = new WeakMap<DataSource, Emptied>();

const emptiedOf = (ds: DataSource): Emptied => {
  let held = emptied.get(ds);
  if (!held) emptied.set(ds, held = { rows: new Map(), timer: null, clock: systemClock });
  return held;
};

const rowKey = (r: RollupRow) => rowKeyOf(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);

/** The clock sweepEmptiedRollups tells the periods under way by (huixin.ts: the app's). */
export function sweepEmptiedBy(ds: DataSource, clock: Clock): void {
  emptiedOf(ds).clock = clock;
}

/**
 * Whether a row's hour, UTC day or UTC month is over by `nowHour`. Until then every text is counted into it (this
 * hour's `pending`, each batch of sends), and deleting it at zero let two transactions re-insert it at once: each
 * upsert's duplicate check locks the delete-marked record until purge, and the two deadlocked (outbox-batches' two
 * nodes claiming on MariaDB, about one run in six).
 */
function periodEnded([grain, , bucket]: RollupRow, nowHour: number): boolean {
  if (grain === 'h') return bucket < nowHour;
  if (grain === 'd') return bucket + 24 <= nowHour;
  return bucket < monthOf(nowHour);
}

/**
 * Gathers the rows a commit lowered, to be deleted if still at zero within EMPTIED_SWEEP_MS, in one statement with
 * every other commit's meanwhile (sweepEmptiedRollups). Deleted after each commit, they cost every batch of sent
 * replies a statement on its connection, and that statement locked this hour's pending rows, which the next texts'
 * upserts wait for (alternated bench:webhook runs, 2026-12-07: MariaDB 0.374–0.388 → 0.339–0.371 ms per webhook,
 * p99 100–108 → 96–101 ms; docs/ARCHITECTURE.md). The same rows are emptied again and again (this hour's
 * `pending`, each batch), so they are a handful of keys, kept until their period is over (periodEnded). A node that
 * stops first leaves its gathered rows at zero: they count nothing, and the next change that empties one deletes it.
 */
function deleteSoon(ds: DataSource, lowered: RollupRow[]): void {
  const held = emptiedOf(ds);
  for (const row of lowered) held.rows.set(rowKey(row), row);
  if (held.timer) return;
  held.timer = setTimeout(() => void sweepEmptiedRollups(ds), EMPTIED_SWEEP_MS);
  held.timer.unref();
}

/**
 * Deletes the gathered rows still at zero now whose period is over, in key order, outside any transaction; the
 * others stay gathered for a later sweep (one follows the next commit that empties a row). A failure is ignored: the
 * commits that lowered them are long done, and a zero row counts nothing. Tests call it to sweep at once.
 */
export async function sweepEmptiedRollups(ds: DataSource): Promise<void> {
  const held = emptied.get(ds);
  if (!held) return;
  if (held.timer) clearTimeout(held.timer);
  held.timer = null;
  const nowHour = hourOf(held.clock.now());
  const ended = [...held.rows.entries()].filter(([, row]) => periodEnded(row, nowHour));
  for (const [key] of ended) held.rows.delete(key);
  const rows = ended.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  if (!rows.length || !ds.isInitialized) return;
  await deleteEmptied((sql, params) => ds.query(sql, params), rows).catch(() => undefined);
}
