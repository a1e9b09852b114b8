import type { Server } from 'socket.io';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { HuixinMetrics } from './huixin-metrics';
import { startMetricsServer, type MetricsServer } from './metrics-endpoint';
import { watchOutbox, watchScheduledJobs } from './queue-gauges';
import { watchCommitGroups, watchDatabasePool, watchSockets } from './runtime-gauges';

/**
 * Metrics are kept only when someone can read them: with METRICS_TOKEN (served on the main port behind the token) or
 * METRICS_PORT (served on a port of its own). Otherwise nothing is counted and no request pays for it.
 */
export function createMetrics(config: Config, log: Logger): HuixinMetrics | null {
  return config.METRICS_TOKEN !== undefined || config.METRICS_PORT !== undefined ? new HuixinMetrics(log) : null;
}

/** /metrics is on the main port only with a token and no port of its own. */
export const metricsOnMainPort = (config: Config): config is Config & { METRICS_TOKEN: string } =>
  config.METRICS_TOKEN !== undefined && config.METRICS_PORT === undefined;

/** The gauges read at each scrape: the outbox, scheduled jobs, sockets and the database pool of this Huixin. */
export function watchHuixin(metrics: HuixinMetrics, parts: { ds: DataSource; clock: Clock; io: Server }): void {
  watchOutbox(metrics, parts.ds, parts.clock);
  watchScheduledJobs(metrics, parts.ds, parts.clock);
  watchSockets(metrics, parts.io);
  watchDatabasePool(metrics, parts.ds);
  watchCommitGroups(metrics, parts.ds);
}

/** The separate metrics port when METRICS_PORT is set; null otherwise. */
export function serveMetricsPort(metrics: HuixinMetrics | null, config: Config, log: Logger): Promise<MetricsServer | null> {
  if (!metrics || config.METRICS_PORT === undefined) return Promise.resolve(null);
  return startMetricsServer({ metrics, host: config.METRICS_HOST, port: config.METRICS_PORT, token: config.METRICS_TOKEN, log });
}
