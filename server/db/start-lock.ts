import type { DataSource } from 'typeorm';
import { isMysql } from './data-source';
import type { Logger } from '../shared/logger';

/** How long a process waits for another to finish migrating and seeding before it gives up starting. */
const WAIT_LIMIT_MS = 10 * 60_000;
const RETRY_MS = 250;

/**
 * Runs `work` (migrations and the seed) in one process at a time per database. On MariaDB the processes may be
 * workers of one machine or nodes of several, all started together: without this, two would apply the same
 * migration or seed an empty database twice. The lock is MariaDB's named lock, held by one connection of this
 * process and let go when it ends (or the process dies). It is tried without waiting and retried here, since every
 * statement is bounded by DB_TIMEOUT_MS (mysql-timeouts.ts). SQLite is one process's embedded database: no lock.
 */
export async function whileStartLocked<T>(ds: DataSource, log: Logger, work: () => Promise<T>): Promise<T> {
  if (!isMysql(ds)) return work();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    let told = false;
    for (;;) {
      const [row] = await runner.query("SELECT GET_LOCK(CONCAT('huixin:start:', DATABASE()), 0) AS got") as Array<{ got: number | string | null }>;
      if (Number(row?.got) === 1) break;
      if (Date.now() > deadline) throw new Error(`another Huixin process has held the start-up lock for ${WAIT_LIMIT_MS / 60_000} minutes`);
      if (!told) log.info('waiting for another Huixin process to finish migrating this database');
      told = true;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    try {
      return await work();
    } finally {
      await runner.query("SELECT RELEASE_LOCK(CONCAT('huixin:start:', DATABASE()))").catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
