import { fixedClock } from '../../server/shared/clock';
import { buildTemplates } from './migrated-template';
import { ANY_DATABASE, testConfig, TUESDAY_MORNING } from './test-server';

/** Once per jest run, before any suite: on MariaDB, the databases test servers' databases are copied from. */
export default async function globalSetup(): Promise<void> {
  await buildTemplates(testConfig(ANY_DATABASE), fixedClock(TUESDAY_MORNING));
}
