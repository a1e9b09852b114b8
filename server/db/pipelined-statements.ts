import type { PoolConnection } from 'mysql2';
import type { EntityManager, QueryRunner } from 'typeorm';
import { runQuery } from './run-query';

type Callback = (err: Error | null, ...results: unknown[]) => void;
type Query = (...args: unknown[]) => unknown;
interface Waiting { sql: string; values: unknown[] }

/**
 * Statements whose answer nobody reads, waiting on a MariaDB connection to go to the server in one round trip with
 * the connection's next statement (mysql2's `multipleStatements`). Each round trip costs node a socket write and a
 * wake-up of the server's thread, and a transaction holds its row locks for as long as its round trips take:
 * - `START TRANSACTION` waits for the transaction's first statement (nothing else runs on the connection between,
 *   so the transaction begins at the same point);
 * - the report roll-up upsert (`reports/rollup-store.ts`) waits for the COMMIT it precedes, so this hour's total
 *   rows, which every text's transaction updates, stay locked for one round trip less;
 * - an UPDATE by id (`update-row.ts`) or the outbox claim's UPDATE waits for the transaction's next statement.
 * A ROLLBACK drops what waits (an unsent statement needs no undoing); a transaction with nothing sent commits or
 * rolls back without a round trip; a connection going back to the pool drops anything left, so nothing ever reaches
 * another caller's statement. Every statement keeps its `?` placeholders and values: mysql2 formats the merged text
 * as it formats one statement.
 */
const waiting = new WeakMap<PoolConnection, Waiting[]>();
const piped = new WeakSet<PoolConnection>();

const START = /^\s*START TRANSACTION\s*$/i;
const COMMIT = /^\s*COMMIT\s*$/i;
const ROLLBACK = /^\s*ROLLBACK\s*$/i;

const connectionOf = (runner: QueryRunner) => (runner as unknown as { databaseConnection?: PoolConnection }).databaseConnection;

/** What a statement that was never sent answers: an OK packet with nothing affected. */
const NOTHING = { fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 0, warningStatus: 0, changedRows: 0 };

/**
 * Sends `sql` with the transaction's next statement, at the latest its COMMIT, when the runner is a MariaDB one
 * holding a pipelined connection; answers false otherwise (SQLite, or not connected), and the caller runs it itself.
 * An error of `sql` is then the error of that next statement: only for statements whose failure fails the transaction.
 */
export function sendWithNext(runner: QueryRunner, sql: string, values: unknown[]): boolean {
  const connection = connectionOf(runner);
  // Outside a transaction nothing says a next statement will come on this connection before it goes back to the pool.
  if (!runner.isTransactionActive || !connection || !piped.has(connection)) return false;
  const list = waiting.get(connection) ?? [];
  list.push({ sql, values });
  waiting.set(connection, list);
  return true;
}

/** A write nobody reads the answer of: with the transaction's next statement where it can wait (sendWithNext), else now. */
export async function writeWithNext(em: EntityManager, sql: string, values: unknown[]): Promise<void> {
  if (!em.queryRunner || !sendWithNext(em.queryRunner, sql, values)) await runQuery(em, sql, values);
}

/**
 * Several callers sharing one transaction (db/group-commit.ts): while a round trip is out on the connection, the
 * statements they issue queue, and go together, in one round trip, when it answers — each caller is answered with its
 * own statement's result. A queue is sent on the event loop's next turn, after the callers just answered have issued
 * their next statements (promise continuations run first), so callers moving in step share each round trip.
 * `failed` is the first error any of them met: from then on every statement fails at once without being sent, since
 * an error may have ended the transaction (a deadlock rolls it back, and what followed would run outside it,
 * committed on its own).
 */
interface Shared { inFlight: boolean; flushing: boolean; queued: Array<Waiting & { done: Callback }>; failed: Error | null }
const shared = new WeakMap<PoolConnection, Shared>();

/** Lets the callers of `runner`'s open transaction run concurrently (see Shared); false where it cannot (SQLite). */
export function shareTransaction(runner: QueryRunner): boolean {
  const connection = connectionOf(runner);
  if (!runner.isTransactionActive || !connection || !piped.has(connection)) return false;
  shared.set(connection, { inFlight: false, flushing: false, queued: [], failed: null });
  return true;
}

/** Ends the sharing begun by shareTransaction, answering the first error any statement met meanwhile (null: none). */
export function endSharing(runner: QueryRunner): Error | null {
  const connection = connectionOf(runner);
  const state = connection && shared.get(connection);
  if (!state) return null;
  shared.delete(connection);
  return state.failed;
}

/** A one-row INSERT of placeholders only, as db/insert-row.ts writes them: `INSERT INTO t (a, b) VALUES (?, ?)`. */
const ONE_ROW_INSERT = /^INSERT INTO [^(]+\([^()]*\) VALUES (\((?:\?, )*\?\))$/;

/**
 * The step between the ids of one multi-row INSERT's rows (auto_increment_increment), or null when they may not be
 * consecutive (innodb_autoinc_lock_mode 2 interleaves concurrent inserts): set once the server is known
 * (mergeInsertsOn), null until then, and then no INSERTs are merged.
 */
let insertIdStep: number | null = null;

/**
 * Reads whether one multi-row INSERT's rows get consecutive ids on this server (innodb_autoinc_lock_mode 0 or 1, the
 * default; MariaDB hands back the first row's id), and if so lets shared transactions merge their callers' INSERTs.
 */
export async function mergeInsertsOn(query: (sql: string) => Promise<unknown>): Promise<void> {
  type Settings = Array<{ mode: number | string; step: number | string }>;
  const [row] = await query('SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS step') as Settings;
  insertIdStep = row && Number(row.mode) <= 1 ? Number(row.step) : null;
}

/** A statement sent for one caller or, merged, for several (`rows`: each caller's, in the order of their rows). */
type Outgoing = Waiting & { done?: Callback; rows?: Array<Waiting & { done: Callback }> };

/** Neighbouring calls of the same one-row INSERT as one INSERT of their rows (each caller answered by answer()). */
function rowsTogether(calls: Array<Waiting & { done: Callback }>): Outgoing[] {
  if (insertIdStep === null) return calls;
  const out: Outgoing[] = [];
  for (const call of calls) {
    const last = out.at(-1);
    const first = last?.rows?.[0] ?? last;
    if (last && first && first.sql === call.sql && ONE_ROW_INSERT.test(call.sql)) {
      last.rows ??= [{ sql: last.sql, values: last.values, done: last.done! }];
      last.rows.push(call);
      continue;
    }
    out.push({ ...call });
  }
  for (const s of out) {
    if (!s.rows) continue;
    const tuple = ONE_ROW_INSERT.exec(s.sql)![1]!;
    s.sql = `${s.rows[0]!.sql}${`, ${tuple}`.repeat(s.rows.length - 1)}`;
    s.values = valuesOf(s.rows);
  }
  return out;
}

/**
 * The statements' values one after another. A loop, not flatMap: V8's flatMap checks every element for spreading and
 * was 1.4% of a webhook's CPU here (bench:webhook's profile, a group's hundreds of values per round trip).
 */
function valuesOf(statements: Waiting[]): unknown[] {
  const values: unknown[] = [];
  for (const s of statements) for (const v of s.values) values.push(v);
  return values;
}

/** Answers a statement's caller, or each caller of a merged INSERT with its own row's id, as if it had run alone. */
function answer(s: Outgoing, err: Error | null, result?: unknown, fields?: unknown): void {
  if (!s.rows) { s.done?.(err, result, fields); return; }
  const header = result as { insertId: number };
  // A table without an AUTO_INCREMENT column answers 0 for every row.
  const idOf = (i: number) => (header.insertId ? header.insertId + i * insertIdStep! : 0);
  s.rows.forEach((row, i) => row.done(err, ...(err ? [] : [{ ...header, affectedRows: 1, insertId: idOf(i) }, fields])));
}

/** Makes `connection.query` send waiting statements with the next one; call once per pooled connection. */
export function pipelineStatements(connection: PoolConnection): void {
  if (piped.has(connection)) return;
  piped.add(connection);
  const query = connection.query.bind(connection) as Query;

  /**
   * Sends `calls` after whatever waits, in one round trip; each call is answered with its own statement's result.
   * In a shared transaction, callers' identical one-row INSERTs next to each other go as one multi-row INSERT.
   */
  const send = (calls: Array<Waiting & { done: Callback }>, state?: Shared) => {
    const merged = [...(waiting.get(connection) ?? []), ...(state ? rowsTogether(calls) : calls)];
    waiting.delete(connection);
    if (state) state.inFlight = true;
    const answered = (err: Error | null, results?: unknown, fields?: unknown) => {
      if (state) {
        state.inFlight = false;
        if (err && !state.failed) state.failed = err;
      }
      if (merged.length === 1) answer(merged[0]!, err, results, fields);
      // One answer per statement; a waiting write's answer is nobody's.
      else merged.forEach((s, i) => answer(s, err, ...(err ? [] : [(results as unknown[])[i], (fields as unknown[] | undefined)?.[i]])));
      if (state?.queued.length) flushSoon(state);
    };
    if (merged.length === 1) return query(merged[0]!.sql, merged[0]!.values, answered);
    return query(merged.map((s) => s.sql).join(';\n'), valuesOf(merged), answered);
  };

  const flushSoon = (state: Shared) => {
    if (state.flushing) return;
    state.flushing = true;
    setImmediate(() => {
      state.flushing = false;
      if (state.inFlight || !state.queued.length) return;
      const calls = state.queued.splice(0);
      if (state.failed || shared.get(connection) !== state) for (const call of calls) call.done(state.failed ?? new Error('The shared transaction ended'));
      else send(calls, state);
    });
  };

  (connection as unknown as { query: Query }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    if (typeof args[0] !== 'string' || typeof args[last] !== 'function') return query(...args);
    const sql = args[0];
    const done = args[last] as Callback;
    const values = last >= 2 && Array.isArray(args[1]) ? args[1] as unknown[] : [];
    const state = shared.get(connection);
    if (state) {
      if (state.failed) { process.nextTick(done, state.failed); return undefined; }
      state.queued.push({ sql, values, done });
      if (!state.inFlight) flushSoon(state);
      return undefined;
    }
    const list = waiting.get(connection) ?? [];
    if (START.test(sql) && !list.length) {
      waiting.set(connection, [{ sql, values: [] }]);
      process.nextTick(done, null, NOTHING, undefined);
      return undefined;
    }
    if (!list.length) return query(...args);
    const onlyStart = list.length === 1 && START.test(list[0]!.sql);
    if (ROLLBACK.test(sql) || (onlyStart && COMMIT.test(sql))) {
      waiting.delete(connection);
      if (onlyStart) { process.nextTick(done, null, NOTHING, undefined); return undefined; }
      return query(...args);
    }
    return send([{ sql, values, done }]);
  };
  // Back in the pool, the connection belongs to nobody's transaction: whatever still waits was never meant to run.
  const release = connection.release.bind(connection);
  connection.release = () => { waiting.delete(connection); shared.delete(connection); release(); };
}
