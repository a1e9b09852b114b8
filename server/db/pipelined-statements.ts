import type { PoolConnection } from 'mysql2';
import type { EntityManager, QueryRunner } from 'typeorm';

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

/** What a statement that was never sent answers: an OK packet with nothing affected. */
const NOTHING = { fieldCount: 0, affectedRows: 0, insertId: 0, info: '', serverStatus: 0, warningStatus: 0, changedRows: 0 };

/**
 * Sends `sql` with the transaction's next statement, at the latest its COMMIT, when the runner is a MariaDB one
 * holding a pipelined connection; answers false otherwise (SQLite, or not connected), and the caller runs it itself.
 * An error of `sql` is then the error of that next statement: only for statements whose failure fails the transaction.
 */
export function sendWithNext(runner: QueryRunner, sql: string, values: unknown[]): boolean {
  const connection = (runner as unknown as { databaseConnection?: PoolConnection }).databaseConnection;
  // Outside a transaction nothing says a next statement will come on this connection before it goes back to the pool.
  if (!runner.isTransactionActive || !connection || !piped.has(connection)) return false;
  const list = waiting.get(connection) ?? [];
  list.push({ sql, values });
  waiting.set(connection, list);
  return true;
}

/** A write nobody reads the answer of: with the transaction's next statement where it can wait (sendWithNext), else now. */
export async function writeWithNext(em: EntityManager, sql: string, values: unknown[]): Promise<void> {
  if (!em.queryRunner || !sendWithNext(em.queryRunner, sql, values)) await em.query(sql, values);
}

/** Makes `connection.query` send waiting statements with the next one; call once per pooled connection. */
export function pipelineStatements(connection: PoolConnection): void {
  if (piped.has(connection)) return;
  piped.add(connection);
  const query = connection.query.bind(connection) as Query;
  (connection as unknown as { query: Query }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    if (typeof args[0] !== 'string' || typeof args[last] !== 'function') return query(...args);
    const sql = args[0];
    const done = args[last] as Callback;
    const values = last >= 2 && Array.isArray(args[1]) ? args[1] as unknown[] : [];
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
    waiting.delete(connection);
    const merged = [...list, { sql, values }];
    return query(merged.map((s) => s.sql).join(';\n'), merged.flatMap((s) => s.values), (err: Error | null, results?: unknown[], fields?: unknown[]) => {
      // One answer per statement: the caller's is the last.
      if (err) done(err);
      else done(null, results?.[results.length - 1], fields?.[fields.length - 1]);
    });
  };
  // Back in the pool, the connection belongs to nobody's transaction: whatever still waits was never meant to run.
  const release = connection.release.bind(connection);
  connection.release = () => { waiting.delete(connection); release(); };
}
