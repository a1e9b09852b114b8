import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { BOT_SETTINGS_KEY } from '../admin/ruleset-source';
import { Agent, Location, Service, SettingRow } from '../db/entities';
import { defaultRulesetSource } from '../db/seed/rules-defaults';
import { providerGuide } from './provider-guide';
import type { SetupState } from './setup-contract';

/** The setting row that records when an admin finished the first-run setup (an ISO instant). */
export const SETUP_COMPLETED_KEY = 'setup.completed_at';

export async function setupState(em: EntityManager, providerName: string): Promise<SetupState> {
  const completed = await em.findOneBy(SettingRow, { key: SETUP_COMPLETED_KEY });
  const settings = (await em.findOneBy(SettingRow, { key: BOT_SETTINGS_KEY }))?.value as Settings | undefined;
  const [services, locations, agents] = await Promise.all([
    em.countBy(Service, { active: true }), em.count(Location), em.count(Agent),
  ]);
  const provider = providerGuide(providerName);
  const completedAt = typeof completed?.value === 'string' ? completed.value : null;
  return {
    needed: completedAt === null && services === 0,
    completedAt,
    steps: {
      // Empty databases are seeded with the demo clinic's name: a business is set up once it has its own (or a signature).
      business: !!settings && (settings.businessName !== defaultRulesetSource.settings.businessName || !!settings.smsSignature),
      hours: locations > 0,
      service: services > 0,
      team: agents > 1,
      provider: provider.live,
    },
    provider,
  };
}

/** Records that setup is finished; asking again keeps the first time. */
export async function completeSetup(em: EntityManager, now: Date): Promise<string> {
  const existing = await em.findOneBy(SettingRow, { key: SETUP_COMPLETED_KEY });
  if (typeof existing?.value === 'string') return existing.value;
  const completedAt = now.toISOString();
  await em.save(SettingRow, { key: SETUP_COMPLETED_KEY, value: completedAt });
  return completedAt;
}
