import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from './data-source';

/** A transaction waiting for SQLite's one connection. */
interface Waiting { work: (em: EntityManager) => Promise<unknown>; resolve(value: unknown): void; reject(err: unknown): void }
const sqliteQueues = new WeakMap<DataSource, { waiting: Waiting[]; running: boolean }>();

/** The most transactions committed together (group commit, below): bounds how long the file stays locked for one. */
export const SQLITE_GROUP_MAX = 32;

/** How often a transaction MySQL chose as a deadlock victim is run again before the error is the caller's. */
const DEADLOCK_ATTEMPTS = 3;

/**
 * One transaction. SQLite has a single connection per process, so its transactions are queued here (one writer, and
 * those that queued up meanwhile committed together: runSqliteQueue); between processes SQLite's file lock and
 * busy_timeout take over. MySQL transactions run concurrently, and InnoDB
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
  let queue = sqliteQueues.get(ds);
  if (!queue) sqliteQueues.set(ds, queue = { waiting: [], running: false });
  const answered = new Promise<T>((resolve, reject) => { queue.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject }); });
  if (!queue.running) {
    queue.running = true;
    // On the next turn of the event loop, not now: better-sqlite3 answers every statement at once, so a transaction
    // started here ran to its COMMIT within this callback's microtasks, before the next request's body was even read,
    // and under a burst of webhooks every group had one member (bench:webhook, SQLite: one COMMIT per text, ~0.5 ms
    // each). Started from setImmediate, the group takes every transaction asked for by the callbacks of this turn.
    setImmediate(() => void runSqliteQueue(ds, queue));
  }
  return answered;
}

/**
 * SQLite's transactions, one at a time, and those that queued up meanwhile together (group commit): under a burst of
 * texts each webhook's transaction wrote the same hot pages (this hour's report rows, the indexes' last leaves) to the
 * WAL and committed alone, and its COMMIT blocked the process (better-sqlite3 is synchronous) for longer than its
 * statements took. Grouped, each runs in a savepoint of one transaction: one that fails is rolled back to its savepoint
 * and told at once, as if it ran alone, without undoing the others; the rest are answered only after the one COMMIT,
 * so nothing is acknowledged before it is durable, and nothing it announced (after-commit events) is heard before.
 * A lone transaction runs as a plain one, exactly as before.
 */
async function runSqliteQueue(ds: DataSource, queue: { waiting: Waiting[]; running: boolean }): Promise<void> {
  try {
    while (queue.waiting.length) {
      const group = queue.waiting.splice(0, SQLITE_GROUP_MAX);
      if (group.length === 1) await ds.transaction(group[0]!.work).then(group[0]!.resolve, group[0]!.reject);
      else await commitTogether(ds, group);
    }
  } finally {
    queue.running = false;
  }
}

async function commitTogether(ds: DataSource, group: Waiting[]): Promise<void> {
  const results = new Map<Waiting, unknown>();
  const failed = new Set<Waiting>();
  try {
    await ds.transaction(async (em) => {
      for (const waiting of group) {
        try {
          results.set(waiting, await em.transaction((inSavepoint) => waiting.work(inSavepoint)));
        } catch (err) {
          failed.add(waiting);
          waiting.reject(err);
        }
      }
    });
  } catch (err) {
    // BEGIN or COMMIT failed (another process kept the file locked past busy_timeout, the disk is full): nothing of
    // the group was stored, so every member not already told of its own failure fails with it.
    for (const waiting of group) if (!failed.has(waiting)) waiting.reject(err);
    return;
  }
  for (const [waiting, result] of results) waiting.resolve(result);
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
