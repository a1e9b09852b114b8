import { chooseWinner, type VariantTally } from '../../rules/campaigns/variant-winner';
import { Campaign } from '../db/entities';
import type { CampaignStats, CampaignWinner, WinnerBy } from './campaign-contract';
import { campaignStats } from './campaign-stats';
import { newQueueLease, queueCampaign, type QueueDeps } from './queue-campaign';

const HOUR = 3_600_000;

/** What counts as a success for each goal. */
const SUCCESS: Record<WinnerBy, (s: Omit<CampaignStats, 'variants'>) => number> = {
  replies: (s) => s.replied, clicks: (s) => s.clicked, bookings: (s) => s.booked,
};

/** The A/B test's wait is over and nobody has chosen yet. */
export function winnerDue(c: Campaign, now: Date): boolean {
  return c.status === 'running' && !!c.variants?.length && !c.winner && !!c.testQueuedAt
    && now.getTime() >= c.testQueuedAt.getTime() + (c.winnerAfterHours ?? 24) * HOUR;
}

/**
 * Chooses an A/B campaign's winner once its wait is over (every node's worker may try: the choice is a compare-and-set
 * on `winner IS NULL`, so one node records it and queues the rest with the winner's body). Each variant is measured
 * on its test recipients: successes (by the campaign's goal) over texts sent. Returns the choice this node made, if any.
 */
export async function decideWinnerIfDue(deps: QueueDeps, campaign: Campaign): Promise<CampaignWinner | null> {
  const now = deps.clock.now();
  if (!winnerDue(campaign, now)) return null;
  const stats = await campaignStats(deps.ds.manager, campaign, now);
  const success = SUCCESS[campaign.winnerBy ?? 'replies'];
  const tallies: VariantTally[] = campaign.variants!.map((v) => {
    const s = stats.variants?.[v.key];
    return { key: v.key, sent: s?.sent ?? 0, successes: s ? success(s) : 0 };
  });
  const winner: CampaignWinner = { ...chooseWinner(tallies), decidedAt: now.toISOString() };
  // The queueing lease is taken with the choice, so no node's worker starts the rest's queueing in between.
  const lease = newQueueLease(now);
  const result = await deps.ds.manager.createQueryBuilder().update(Campaign).set({ winner, audienceDone: false, ...lease })
    .where('id = :id AND status = :running AND winner IS NULL', { id: campaign.id, running: 'running' }).execute();
  if (result.affected !== 1) return null;
  await queueCampaign(deps, campaign.id, lease);
  return winner;
}
