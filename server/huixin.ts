import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { RulesetCache } from './admin/ruleset-cache';
import { createLoginBrake } from './auth/login-brake';
import { SessionStore } from './auth/sessions';
import { createChannelPacer } from './channels/channel-pacer';
import { ChannelRegistry } from './channels/channel-registry';
import { ChannelSecrets } from './channels/channel-secrets';
import { createProvider } from './channels/create-provider';
import type { SmsProvider } from './channels/sms-provider';
import type { Config } from './config';
import { ConversationService } from './conversations/conversation.service';
import { OutboxSender } from './conversations/outbox-sender';
import { limitGroups } from './db/group-commit';
import { mergeInsertsOn } from './db/pipelined-statements';
import { createDataSource, isMysql } from './db/data-source';
import { unboundedWhile } from './db/mysql-timeouts';
import { seedDatabase } from './db/seed/seed';
import { whileStartLocked } from './db/start-lock';
import { EventBus } from './events/event-bus';
import { createInboxEvents } from './inbox/inbox-events';
import { createPresence } from './inbox/presence';
import { createSocketServer } from './inbox/socket-server';
import { systemClock, type Clock } from './shared/clock';
import { createLogger, type Logger } from './shared/logger';
import { attachSimulatorNamespace } from './simulator/simulator.namespace';
import { attachInboxGateway } from './inbox/inbox-gateway';
import { startAppointmentWorkers } from './appointments/appointment-workers';
import { startCampaignWorker } from './campaigns/campaign-worker';
import { startQuietEpisodes } from './reports/quiet-episodes';
import { createApp } from './app';
import { usePrivacyHashKey } from './contacts/privacy-hash';
import type { AppDeps } from './deps';
import type { HuixinMetrics } from './metrics/huixin-metrics';
import { createMetrics, serveMetricsPort, watchHuixin } from './metrics/metrics-setup';
import { attachReportsNamespace } from './reports/reports-namespace';
import { onReportsChanged, sweepEmptiedBy } from './reports/rollup-store';
import { createReadiness } from './health/readiness';
import { tellSocketsToReconnect } from './health/socket-drain';

export interface Huixin {
  url: string;
  /** Where /metrics is served on a port of its own (METRICS_PORT); null when it is not. */
  metricsUrl: string | null;
  ds: DataSource;
  bus: EventBus;
  sender: OutboxSender;
  /** This node's channels: the default provider and each channel's, from its copy of the channels table. */
  channels: ChannelRegistry;
  log: Logger;
  /** This Huixin's counters; null when metrics are off (METRICS_TOKEN and METRICS_PORT unset). */
  metrics: HuixinMetrics | null;
  stop(): Promise<void>;
}

/** Where the HTTP server takes its connections; `stop()` stops taking them and resolves once the open ones are done. */
export interface Listening { url: string; stop(): Promise<void> }

export interface StartOptions {
  clock?: Clock; provider?: SmsProvider; log?: Logger; startSender?: boolean; startWorkers?: boolean;
  /** Default: listen on PORT. A cluster worker takes the connections its primary hands over (cluster/accept-handoffs.ts). */
  listen?: (server: http.Server) => Promise<Listening>;
  /** Socket.IO session ids: a cluster worker's start with its slot, so its primary routes a session's requests to it. */
  socketSessionId?: () => string;
}

function listenOnPort(port: number): (server: http.Server) => Promise<Listening> {
  return (server) => new Promise((resolve, reject) => {
    // A port in use fails the start with its reason instead of an unhandled 'error' event.
    server.once('error', reject);
    let closing = false;
    // A request that was under way when the drain began is answered, then its keep-alive connection closes.
    server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => { if (closing) res.shouldKeepAlive = false; });
    server.listen(port, () => {
      server.off('error', reject);
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stop: () => {
          closing = true;
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          return closed;
        },
      });
    });
  });
}

/** What an empty database is seeded with, from the configuration (with the clock's time and the log beside it). */
export function seedSettings(config: Config) {
  return {
    demo: config.SEED_DEMO, demoHistory: config.SEED_DEMO_HISTORY ? { provider: config.SMS_PROVIDER, publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '') } : null,
    timezone: config.DEFAULT_TIMEZONE, adminEmail: config.ADMIN_EMAIL, adminPassword: config.ADMIN_PASSWORD,
  };
}

/**
 * Opens the database (running migrations), seeds an empty one, and serves HTTP + Socket.IO. `stop()` is the graceful
 * shutdown: stop accepting, let in-flight requests and the delivery in progress finish, then close the database.
 */
export async function startHuixin(config: Config, opts: StartOptions = {}): Promise<Huixin> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const ds = createDataSource({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, timeoutMs: config.DB_TIMEOUT_MS });
  await ds.initialize();
  sweepEmptiedBy(ds, clock);
  limitGroups(ds, config.DB_GROUP_MAX, config.DB_TIMEOUT_MS);
  // Texts committed together insert their rows with one statement per table where the server numbers rows in order.
  if (isMysql(ds)) await mergeInsertsOn((sql) => ds.query(sql));
  usePrivacyHashKey(ds, config.PRIVACY_HASH_KEY);
  await whileStartLocked(ds, log, async () => {
    await unboundedWhile(() => ds.runMigrations({ transaction: 'each' }));
    await seedDatabase(ds, { ...seedSettings(config), clock, log });
  });

  const bus = new EventBus();
  const provider = opts.provider ?? createProvider(config);
  const channelSecrets = ChannelSecrets.fromEnv(config.CHANNEL_SECRETS_KEY);
  const channels = new ChannelRegistry(ds, config, provider, channelSecrets);
  const pacer = createChannelPacer({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log, ds });
  const rulesets = new RulesetCache(ds, log);
  await rulesets.get();   // compile once now so the first customer does not wait for training
  const sessions = new SessionStore(ds, clock);
  const loginBrake = createLoginBrake({ redisUrl: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, log });
  const sockets = await createSocketServer({ redisUrl: config.REDIS_URL, redisKey: config.REDIS_KEY_PREFIX, log, publicUrl: config.PUBLIC_URL });
  const metrics = createMetrics(config, log);
  if (metrics) watchHuixin(metrics, { ds, clock, io: sockets.io });
  const sender = new OutboxSender(ds, channels, bus, clock, log, {
    pollMs: config.OUTBOX_POLL_MS, leaseMs: config.OUTBOX_LEASE_MS, concurrency: config.OUTBOX_CONCURRENCY, batchSize: config.OUTBOX_BATCH, pacer, metrics,
  });
  const deps: AppDeps = {
    config, ds, bus, clock, log, provider, channels, channelSecrets, rulesets, sessions, loginBrake, conversations: new ConversationService(ds, bus, clock),
    inboxEvents: createInboxEvents(), presence: createPresence(sockets.io), metrics, readiness: createReadiness({ ds, redisUrl: config.REDIS_URL, log }),
    replies: sender,
  };
  // Committed changes of the report counts on this node, for the dashboards' live refetch (reports-namespace.ts throttles).
  const stopReportsEvents = onReportsChanged(ds, () => bus.emit('reports:changed', undefined));
  const app = createApp(deps);
  const server = http.createServer(app);
  sockets.attach(server, opts.socketSessionId);
  const detachSimulator = attachSimulatorNamespace(sockets.io, bus, config, sessions);
  const detachInbox = attachInboxGateway(sockets.io, deps);
  const detachReports = attachReportsNamespace(sockets.io, deps);

  const listening = await (opts.listen ?? listenOnPort(config.PORT))(server);
  const metricsServer = await serveMetricsPort(metrics, config, log);
  if (opts.startSender !== false) sender.start();
  const workers = opts.startWorkers === false ? null : startAppointmentWorkers(deps);
  const campaignWorker = opts.startWorkers === false ? null : startCampaignWorker(deps, config.OUTBOX_POLL_MS);
  const stopQuietEpisodes = opts.startWorkers === false ? null : startQuietEpisodes(ds, clock, log);
  const { url } = listening;
  log.info({ url, metricsUrl: metricsServer?.url, provider: provider.name, database: ds.options.type }, 'huixin listening');

  let stopping: Promise<void> | null = null;
  /**
   * The drain: /readyz says 503 at once; after SHUTDOWN_NOTICE_MS no new connection is taken and sockets are told to
   * reconnect elsewhere; the sender finishes and records the sends it claimed (claiming no more), scheduled work
   * stops, in-flight requests (webhooks) are answered after their commit; then Redis and the database close.
   * main.ts bounds it by SHUTDOWN_GRACE_MS.
   */
  const stop = () => stopping ??= (async () => {
    deps.readiness.startDraining();
    if (config.SHUTDOWN_NOTICE_MS > 0) await new Promise((r) => setTimeout(r, config.SHUTDOWN_NOTICE_MS));
    const closed = listening.stop();
    tellSocketsToReconnect(sockets.io);
    await sender.stop();
    await workers?.stop();
    await campaignWorker?.stop();
    stopQuietEpisodes?.();
    // In-flight requests may still publish what they committed (sockets, Redis), so they finish first; replies they
    // handed to the stopped sender are given back to the outbox before the database closes.
    await closed;
    await sender.settled();
    await metricsServer?.close();
    await pacer.close();
    detachSimulator();
    stopReportsEvents();
    await detachReports();
    await detachInbox();
    await sockets.close();
    await loginBrake.close();
    await deps.readiness.close();
    await ds.destroy();
  })();
  return { url, metricsUrl: metricsServer?.url ?? null, ds, bus, sender, channels, log, metrics, stop };
}
