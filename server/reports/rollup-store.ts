import { EventSubscriber, type DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent, type TransactionStartEvent } from 'typeorm';
import { isMysql } from '../db/data-source';
import { writeWithNext } from '../db/pipelined-statements';
import { monthOf, MONTHLY_DIMS, type RollupDelta } from './rollup-keys';

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

/** The upsert of writeRollups; answers the rows whose counts went down (null: nothing written). */
async function upsertRollups(query: Query, mysql: boolean, deltas: RollupDelta[], only?: Grain): Promise<RollupRow[] | null> {
  const rows = new Map<string, RollupRow>();
  for (const d of deltas) {
    if (!d.n && !d.segments) continue;
    for (const [grain, bucket] of grainsOf(d)) {
      if (only && grain !== only) continue;
      const key = `${grain}\u0000${d.dim}\u0000${String(bucket).padStart(8, '0')}\u0000${d.value}\u0000${d.channelId}\u0000${d.kind}\u0000${d.state}`;
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
 * Deleting a zero row is right at any moment (a count added later inserts it again), so a transaction does it just
 * after its commit: inside, this second pass over the hot rows locked them out of key order, and MariaDB chose the
 * inbound pipeline's upsert as a deadlock victim again and again under a burst of replies (npm run bench:webhook).
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

  /** Still on the transaction's connection, before it goes back to the pool: the emptied rows go (deleteEmptied). */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    const data = runner.data as RunnerData;
    if (depthOf(runner) > 0) { data[BEFORE_SAVEPOINT]?.pop(); return; }   // a savepoint released: its counts stay gathered
    delete data[BEFORE_SAVEPOINT];
    const lowered = data[WRITTEN];
    if (!lowered) return;
    delete data[WRITTEN];
    // Committed already: a failure here must not reach the caller, who would take the commit for failed (and a deadlock
    // retry would do the change twice). A zero row left behind counts nothing; the next change that empties it deletes it.
    if (lowered.length) await deleteEmptied((sql, params) => runner.query(sql, params), lowered).catch(() => undefined);
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
