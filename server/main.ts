import 'reflect-metadata';
import { loadConfig, type Config } from './config';
import { DEMO_AGENT_PASSWORD } from './db/seed/seed';
import { startHuixin } from './huixin';

/**
 * Where to go and who to be: the simulator and the inbox need a login, so a newcomer is told both. The admin's
 * password is printed (once, by the seed) only when it was generated.
 */
function welcome(config: Config, url: string): string {
  const page = config.SMS_PROVIDER === 'loopback' ? `${url}/simulator` : `${url}/inbox`;
  const admin = config.ADMIN_PASSWORD ? `${config.ADMIN_EMAIL} / $ADMIN_PASSWORD` : `${config.ADMIN_EMAIL} (the password printed when it was created)`;
  const demo = config.SEED_DEMO ? `\n    or as a demo agent: wang@clinic.example / ${DEMO_AGENT_PASSWORD}` : '';
  return `\n  Huixin is running: open ${page}\n  and log in as ${admin}${demo}\n\n`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const huixin = await startHuixin(config);
  process.stdout.write(welcome(config, huixin.url.replace('127.0.0.1', 'localhost')));
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
