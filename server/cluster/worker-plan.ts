import type { Config } from '../config';

export interface WorkerPlan { count: number; why: string }

/**
 * How many server processes this machine runs (WEB_CONCURRENCY). More than one needs what several nodes need:
 * a database every process writes to (MariaDB; SQLite takes one writer at a time) and Redis, which carries
 * Socket.IO's rooms between processes: without it an agent would see only the webhooks their own process took,
 * since each process's event bus is in its memory. So the default is one process per core with both, and one
 * process in the embedded mode; asking for more than one without Redis is refused.
 */
export function planWorkers(config: Pick<Config, 'WEB_CONCURRENCY' | 'DATABASE_URL' | 'REDIS_URL'>, cores: number): WorkerPlan {
  if (config.WEB_CONCURRENCY !== undefined) {
    if (config.WEB_CONCURRENCY > 1 && !config.REDIS_URL) {
      throw new Error('Invalid environment:\n  WEB_CONCURRENCY: more than 1 needs REDIS_URL, which carries live updates between the processes');
    }
    return { count: config.WEB_CONCURRENCY, why: 'WEB_CONCURRENCY' };
  }
  if (!config.DATABASE_URL || !config.REDIS_URL) {
    return { count: 1, why: 'one process: SQLite takes one writer at a time and live updates stay in this process without REDIS_URL; set DATABASE_URL and REDIS_URL to use every core' };
  }
  return { count: Math.max(1, cores), why: 'one process per core' };
}
