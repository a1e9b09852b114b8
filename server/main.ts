import 'reflect-metadata';
import cluster from 'node:cluster';
import os from 'node:os';
import { loadConfig, type Config } from './config';
import { planWorkers } from './cluster/worker-plan';
import { createLogger } from './shared/logger';
import { welcome } from './welcome';

/**
 * `npm start`'s entry. With one process (the embedded default) it is the server; with WEB_CONCURRENCY above 1 it
 * is the primary, which loads none of the server (cluster/primary.ts), and each worker runs this file again.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isWorker) return runWorker(config);
  const plan = planWorkers(config, os.availableParallelism());
  if (plan.count === 1) return runSingle(config, plan.why);
  const log = createLogger(config.LOG_LEVEL);
  const { startPrimary } = await import('./cluster/primary');
  log.info({ workers: plan.count, why: plan.why }, 'starting server processes');
  const primary = await startPrimary({ port: config.PORT, count: plan.count, log, noticeMs: config.SHUTDOWN_NOTICE_MS, graceMs: config.SHUTDOWN_GRACE_MS });
  process.stdout.write(welcome(config, primary.url.replace('127.0.0.1', 'localhost')));
  onStopSignal((signal) => {
    log.info({ signal }, 'stopping every server process');
    primary.stop().then(() => process.exit(0), () => process.exit(1));
  });
}

async function runSingle(config: Config, why: string): Promise<void> {
  // Loaded here, not at the top: a primary never needs the server's modules in its memory.
  const { startHuixin } = await import('./huixin');
  const huixin = await startHuixin(config);
  huixin.log.info({ why }, 'one server process');
  process.stdout.write(welcome(config, huixin.url.replace('127.0.0.1', 'localhost')));
  onStopSignal((signal) => drain(huixin, signal, config));
}

async function runWorker(config: Config): Promise<void> {
  const [{ startHuixin }, { acceptHandoffs }, { slotSessionId }, { SLOT_ENV, READY_MESSAGE }, { scrapeWholeMachine }] = await Promise.all([
    import('./huixin'), import('./cluster/accept-handoffs'), import('./cluster/sticky-ids'), import('./cluster/primary'), import('./metrics/worker-metrics'),
  ]);
  const slot = Number(process.env[SLOT_ENV]);
  const huixin = await startHuixin(config, { listen: acceptHandoffs, socketSessionId: () => slotSessionId(slot) });
  if (huixin.metrics) scrapeWholeMachine(huixin.metrics);
  process.send?.(READY_MESSAGE);
  onStopSignal((signal) => drain(huixin, signal, config));
}

/**
 * The graceful stop (huixin.ts says what it waits for), bounded: past SHUTDOWN_NOTICE_MS + SHUTDOWN_GRACE_MS the
 * process exits with 1, whatever is still running.
 */
function drain(huixin: { log: { info(o: object, m: string): void }; stop(): Promise<void> }, signal: string, config: Config): void {
  huixin.log.info({ signal, noticeMs: config.SHUTDOWN_NOTICE_MS, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down');
  const force = setTimeout(() => process.exit(1), config.SHUTDOWN_NOTICE_MS + config.SHUTDOWN_GRACE_MS).unref();
  huixin.stop().then(() => { clearTimeout(force); process.exit(0); }, () => process.exit(1));
}

function onStopSignal(stop: (signal: string) => void): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop(signal);
    });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
