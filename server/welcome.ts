import type { Config } from './config';
import { DEMO_AGENT_PASSWORD } from './db/seed/demo-password';

/**
 * Where to go and who to be: the simulator and the inbox need a login, so a newcomer is told both. The admin's
 * password is printed (once, by the seed) only when it was generated.
 */
export function welcome(config: Config, url: string): string {
  const page = config.SMS_PROVIDER === 'loopback' ? `${url}/simulator` : `${url}/inbox`;
  const admin = config.ADMIN_PASSWORD ? `${config.ADMIN_EMAIL} / $ADMIN_PASSWORD` : `${config.ADMIN_EMAIL} (the password printed when it was created)`;
  const demo = config.SEED_DEMO ? `\n    or as a demo agent: wang@clinic.example / ${DEMO_AGENT_PASSWORD}` : '';
  return `\n  Huixin is running: open ${page}\n  and log in as ${admin}${demo}\n\n`;
}
