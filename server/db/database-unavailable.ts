const DATABASE_TIMEOUT = 'HUIXIN_DB_TIMEOUT';

/**
 * Huixin's own bound on waiting for the database (a connection from the pool, or an answer to a statement):
 * mysql2 has no acquire timeout, and its query timeout leaves the connection busy with the unanswered statement.
 */
export class DatabaseTimeoutError extends Error {
  readonly code = DATABASE_TIMEOUT;
}

/**
 * Errors that say the database cannot be reached or did not answer in time, as opposed to a statement it refused.
 * Node's socket errors, mysql2's connection and protocol errors, MariaDB's "too many connections", "server shutting
 * down" and lock-wait timeout, SQLite's busy/locked after busy_timeout, and our own timeout.
 */
const UNAVAILABLE_CODES = new Set([
  DATABASE_TIMEOUT,
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CONNECTION_KILLED',
  'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT',
]);

/** mysql2 says these in the message only (no code). */
const UNAVAILABLE_MESSAGES = ['Pool is closed', "Can't add new command when connection is in closed state", 'Connection is not established'];

/** Set on the error itself, on TypeORM's QueryFailedError.driverError, or on an Error's cause. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** What clients are told, over HTTP and socket acks alike: try again shortly, nothing was half-done on our side. */
export const DATABASE_UNAVAILABLE = {
  status: 503,
  code: 'database_unavailable',
  message: 'The database is not answering right now; please try again shortly',
  retryAfterSeconds: 5,
} as const;
