import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './data-source';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** How often a transaction MySQL chose as a deadlock victim is run again before the error is the caller's. */
const DEADLOCK_ATTEMPTS = 3;

/**
 * One transaction. SQLite has a single connection per process, so its transactions are queued here (one writer);
 * between processes SQLite's file lock and busy_timeout take over. MySQL transactions run concurrently, and InnoDB
 * may roll one back as a deadlock victim (two writers locking rows in opposite orders, e.g. an agent completing a visit
 * while the scheduler claims its jobs): that is not a failure of the work but of its timing, so it is run again, from
 * the start, after a short random pause. `work` must therefore do nothing outside the transaction that a second run
 * would repeat — publishing belongs after commit (events/after-commit.ts).
 */
export async function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (isMysql(ds)) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ds.transaction(work);
      } catch (err) {
        if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }
  const previous = sqliteQueues.get(ds) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => ds.transaction(work));
  sqliteQueues.set(ds, run.catch(() => undefined));
  return run;
}

/** InnoDB rolled the transaction back to break a deadlock (ER_LOCK_DEADLOCK, 1213): safe to run again. */
export function isDeadlock(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string; errno?: number } })?.driverError ?? (err as { code?: string; errno?: number });
  return driver?.code === 'ER_LOCK_DEADLOCK' || driver?.errno === 1213;
}

/** A duplicate key on either dialect (SQLite: SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY; MySQL: ER_DUP_ENTRY). */
export function isUniqueViolation(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string; errno?: number } })?.driverError ?? (err as { code?: string; errno?: number });
  return driver?.code === 'ER_DUP_ENTRY' || driver?.errno === 1062
    || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE' || driver?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
