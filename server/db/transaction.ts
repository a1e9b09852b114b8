import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './data-source';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * One transaction. SQLite has a single connection per process, so its transactions are queued here (one writer);
 * between processes SQLite's file lock and busy_timeout take over. MySQL transactions run concurrently.
 */
export function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (isMysql(ds)) return ds.transaction(work);
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}

/** A duplicate key on either dialect (SQLite: SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY; MySQL: ER_DUP_ENTRY). */
export function isUniqueViolation(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string; errno?: number } })?.driverError ?? (err as { code?: string; errno?: number });
  return driver?.code === 'ER_DUP_ENTRY' || driver?.errno === 1062
    || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
