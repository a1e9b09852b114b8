import 'reflect-metadata';
import { loadConfig } from './config';
import { startHuixin } from './huixin';

async function main(): Promise<void> {
  const config = loadConfig();
  const huixin = await startHuixin(config);
  process.stdout.write(`\n  Huixin is running: ${huixin.url.replace('127.0.0.1', 'localhost')}/simulator\n\n`);
  const shutdown = (signal: string) => {
    huixin.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    huixin.stop().then(() => { clearTimeout(force); process.exit(0); }, () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
