import * as mysql2 from 'mysql2';
import type { Pool, PoolConnection, PoolOptions } from 'mysql2';
import { DatabaseTimeoutError } from './database-unavailable';
import { pipelineStatements } from './pipelined-statements';

type Callback = (err: Error | null, ...results: unknown[]) => void;
type Query = (...args: unknown[]) => unknown;

/** Migrations change the schema at start-up; on a large table that may rightly take minutes, so no bound applies. */
const SCHEMA_CHANGE = /^\s*(ALTER|CREATE|DROP|RENAME)\b/i;
const bounded = new WeakSet<PoolConnection>();
/** Set while the process migrates its database (unboundedWhile): nothing else runs then. */
let unbounded = 0;

/**
 * Runs `work` with no bound on each statement: the migrations at start-up, whose backfills group a month of texts at
 * a time (tens of seconds on a big database, as a schema change may rightly take minutes). Nothing is served while
 * they run (a node starts listening after), so no request can hang on a statement meanwhile; taking a connection
 * stays bounded.
 */
export async function unboundedWhile<T>(work: () => Promise<T>): Promise<T> {
  unbounded += 1;
  try { return await work(); } finally { unbounded -= 1; }
}

/**
 * mysql2 as TypeORM's driver (its `driver` option), with every wait bounded by `timeoutMs`:
 * - taking a connection from the pool (mysql2 has no acquire timeout: a caller queued behind busy connections
 *   would wait as long as they do);
 * - every statement. mysql2's own query timeout leaves the connection busy with the unanswered statement and puts
 *   it back in the pool, so the next request queues behind it; here the connection is destroyed instead, which
 *   also makes the server roll back its open transaction.
 * Statements nobody reads the answer of go with the next one (pipelined-statements.ts).
 * TypeORM's `enableQueryTimeout`/`maxQueryExecutionTime` is not used: it also turns on slow-query logging, which
 * TypeORM writes to the console with the statement's parameters (customers' phone numbers) whatever `logging` says.
 */
export function mysqlWithTimeouts(timeoutMs: number): typeof mysql2 {
  const createPool = (options: PoolOptions) => boundAcquire(mysql2.createPool(options) as unknown as Pool, timeoutMs);
  return { ...mysql2, createPool } as unknown as typeof mysql2;
}

function boundAcquire(pool: Pool, timeoutMs: number): Pool {
  const acquire = pool.getConnection.bind(pool);
  pool.getConnection = (callback) => {
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      callback(new DatabaseTimeoutError(`No database connection within ${timeoutMs} ms`), undefined as unknown as PoolConnection);
    }, timeoutMs);
    acquire((err, connection) => {
      if (answered) {
        // Too late for the caller, who was already told: hand the connection back rather than leak it.
        if (!err) connection.release();
        return;
      }
      answered = true;
      clearTimeout(timer);
      // Pipelined under the bound: the bound sees each caller's own statement (a schema change stays unbounded) and
      // times the round trip that carries it.
      if (!err) { pipelineStatements(connection); boundQueries(connection, timeoutMs); onePromiseWrapper(connection); }
      callback(err, connection);
    });
  };
  return pool;
}

function boundQueries(connection: PoolConnection, timeoutMs: number): void {
  if (bounded.has(connection)) return;
  bounded.add(connection);
  const query = connection.query.bind(connection) as Query;
  (connection as unknown as { query: Query }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { sql?: unknown } | undefined)?.sql ?? '');
    if (typeof args[last] !== 'function' || SCHEMA_CHANGE.test(sql) || unbounded > 0) return query(...args);
    const done = args[last] as Callback;
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      // The statement may still be queued or running; nothing after it on this connection could be trusted.
      connection.destroy();
      (connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
      done(new DatabaseTimeoutError(`The database did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    args[last] = (err: Error | null, ...results: unknown[]) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      done(err, ...results);
    };
    return query(...args);
  };
}

/**
 * TypeORM asks each pooled connection for its promise wrapper on every statement, and mysql2 makes a new one each
 * time: a `require` (module resolution, package.json lookups) and an event emitter with two listeners, 1–2% of a
 * webhook's CPU in bench:webhook's profile. The wrapper holds nothing but its connection, so each connection keeps one.
 */
function onePromiseWrapper(connection: PoolConnection): void {
  const own = connection as unknown as { promise(promiseImpl?: unknown): unknown };
  if (Object.prototype.hasOwnProperty.call(own, 'promise')) return;   // this connection already keeps its own
  const make = own.promise.bind(connection);
  let wrapper: unknown;
  own.promise = (promiseImpl?: unknown) => (promiseImpl === undefined ? (wrapper ??= make()) : make(promiseImpl));
}
