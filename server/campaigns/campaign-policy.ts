import type { EntityManager } from 'typeorm';
import { SettingRow } from '../db/entities';
import type { EngagementTier } from './campaign-contract';

/** The settings row that holds the campaigns' rules, beside the bot's settings (like the reminder policy). */
export const CAMPAIGN_POLICY_KEY = 'campaign_policy';

/**
 * How campaigns treat people: caps per engagement tier, the send window, the refusal text, suppression, alarms. Admins
 * tune it (`PUT /api/campaign-settings`); defaults follow the seeds and issue 16.
 */
export interface CampaignPolicy {
  /**
   * Marketing campaign texts a contact of each tier may get in any 30 days. The seeds say active 4–6, ordinary 2–3, a
   * complainer nothing for 30 days; dormant contacts get 2 (one recall and one reminder of it). These are the only
   * caps: a separate overall "3 a month" would make the active tier's 6 meaningless, so it is the ordinary tier's 3.
   * Transactional campaigns (a closure notice) are not capped.
   */
  monthlyCaps: Record<EngagementTier, number>;
  /** Tier thresholds, in days: a text or a visit within `activeDays` is active; none within `dormantDays` is dormant. */
  activeDays: number;
  dormantDays: number;
  /** A refusal or a text the engine classed as a complaint within this many days makes a contact `complained`. */
  complainedDays: number;
  /** Marketing leaves only between these local times in the contact's own time zone; outside, it is held until start. */
  sendWindow: { start: string; end: string };
  /** Appended to every marketing text (Aliyun requires it at the end of every 推广 template), counted in its length. */
  refusalText: string;
  /** Skip contacts a person is talking to (an open, human-handled conversation). */
  skipInConversation: boolean;
  /** Skip contacts with a visit starting within this many hours (0: never). */
  skipVisitWithinHours: number;
  /** A campaign whose recipients' opt-outs today exceed this share pauses itself (0.005 = 0.5%). */
  optOutAlarmRate: number;
  /** For the cost estimate: what one SMS part costs, in the business's currency. */
  pricePerSegment: number;
  /** A campaign whose content drew more complaints than this (people) is taken down until an admin reviews it (seeds: 5). */
  complaintTakeDownCount: number;
  /** Complaints this month over this share of the marketing texts sent this month raise the dashboard alarm (0.003 = 0.3%). */
  monthlyComplaintAlarmRate: number;
}

export const DEFAULT_CAMPAIGN_POLICY: CampaignPolicy = {
  monthlyCaps: { active: 6, ordinary: 3, dormant: 2, complained: 0 },
  activeDays: 30, dormantDays: 180, complainedDays: 30,
  sendWindow: { start: '08:00', end: '21:00' },
  refusalText: '拒收请回复R',
  skipInConversation: true, skipVisitWithinHours: 3,
  optOutAlarmRate: 0.005,
  pricePerSegment: 0.045,
  complaintTakeDownCount: 5,
  monthlyComplaintAlarmRate: 0.003,
};

/** The admin's policy over the defaults (a field never set keeps its default). */
export async function campaignPolicy(em: EntityManager): Promise<CampaignPolicy> {
  const row = await em.findOneBy(SettingRow, { key: CAMPAIGN_POLICY_KEY });
  const saved = (row?.value && typeof row.value === 'object' ? row.value : {}) as Partial<CampaignPolicy>;
  return { ...DEFAULT_CAMPAIGN_POLICY, ...saved, monthlyCaps: { ...DEFAULT_CAMPAIGN_POLICY.monthlyCaps, ...saved.monthlyCaps } };
}

export type PolicyChanges = Partial<Omit<CampaignPolicy, 'monthlyCaps'>> & { monthlyCaps?: Partial<CampaignPolicy['monthlyCaps']> };

export async function saveCampaignPolicy(em: EntityManager, changes: PolicyChanges): Promise<CampaignPolicy> {
  const current = await campaignPolicy(em);
  const next = { ...current, ...changes, monthlyCaps: { ...current.monthlyCaps, ...changes.monthlyCaps } } as CampaignPolicy;
  await em.save(SettingRow, { key: CAMPAIGN_POLICY_KEY, value: next });
  return next;
}
