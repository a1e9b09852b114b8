import type { DataSource } from 'typeorm';
import { createRedisClient } from '../shared/redis-client';
import type { Logger } from '../shared/logger';

/** What a load balancer's /readyz probe is told: each part's state, and ready only when every part is. */
export interface ReadyReport {
  ready: boolean;
  database: 'ok' | 'unavailable';
  /** 'off' without REDIS_URL: the embedded mode needs none. */
  redis: 'ok' | 'unavailable' | 'off';
  /** 'pending' names a migration this code has that the database has not run (another node mid-deploy, a failed start). */
  migrations: 'ok' | 'pending' | 'unknown';
  draining: boolean;
}

export interface Readiness {
  check(): Promise<ReadyReport>;
  /** From now on the node answers not ready: it is stopping, and the balancer should send its traffic elsewhere. */
  startDraining(): void;
  close(): Promise<void>;
}

/**
 * A probe must answer before the balancer's own time-out, even when the database hangs: a part that has not answered
 * within this long counts as unavailable.
 */
export const READY_CHECK_MS = 2000;

/**
 * Readiness of this node: the database answers, Redis answers (with REDIS_URL), every migration of this code has run,
 * and it is not draining. Once every migration was seen run it is not asked again (they are never taken back), so a
 * probe costs a `SELECT 1` and a PING. Redis is asked on a connection of its own that never queues a command while
 * disconnected, so a Redis that is down answers "unavailable" at once instead of waiting for a reconnect.
 */
export function createReadiness(opts: { ds: DataSource; redisUrl?: string; log: Logger }): Readiness {
  const { ds } = opts;
  let draining = false;
  let migrated = false;
  const redis = opts.redisUrl ? createRedisClient({ url: opts.redisUrl, disableOfflineQueue: true }) : null;
  if (redis) {
    redis.on('error', (err) => opts.log.debug({ err }, 'readiness: redis unavailable'));
    redis.connect().catch(() => undefined);   // the error event has said why; the client keeps reconnecting
  }

  const databaseAnswers = () => answersWithin(ds.query('SELECT 1'));
  const redisAnswers = () => (redis ? answersWithin(redis.ping()) : Promise.resolve(null));
  const migrationsRun = async (): Promise<ReadyReport['migrations']> => {
    if (migrated) return 'ok';
    const run = await within(pendingMigrations(ds)).catch(() => null);
    if (run === null) return 'unknown';
    migrated = run.length === 0;
    return migrated ? 'ok' : 'pending';
  };

  return {
    async check() {
      const [database, redisOk, migrations] = await Promise.all([databaseAnswers(), redisAnswers(), migrationsRun()]);
      const report: ReadyReport = {
        ready: false, database: database ? 'ok' : 'unavailable', redis: redisOk === null ? 'off' : redisOk ? 'ok' : 'unavailable', migrations, draining,
      };
      report.ready = report.database === 'ok' && report.redis !== 'unavailable' && migrations === 'ok' && !draining;
      return report;
    },
    startDraining: () => { draining = true; },
    // Only PINGs go on this connection: nothing to finish, so it is dropped rather than QUIT (which waits for a Redis that is down).
    close: async () => { if (redis?.isOpen) await redis.disconnect().catch(() => undefined); },
  };
}

/** The names of this code's migrations the database's migrations table does not list. */
async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const table = ds.options.migrationsTableName ?? 'migrations';
  const rows: Array<{ name: string }> = await ds.query(`SELECT name FROM ${ds.driver.escape(table)}`);
  const run = new Set(rows.map((r) => r.name));
  return ds.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !run.has(name));
}

const answersWithin = (work: Promise<unknown>): Promise<boolean> => within(work).then(() => true, () => false);

function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no answer in time')), READY_CHECK_MS); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
