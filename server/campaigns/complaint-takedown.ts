import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { Agent, Campaign } from '../db/entities';
import { inTransaction } from '../db/transaction';
import { publishAfterCommit } from '../events/after-commit';
import type { EventBus } from '../events/event-bus';
import { HttpError, notFound } from '../http/errors';
import { notify } from '../notifications/notify';
import { cancelCampaign, takeDownCampaign } from './campaign-control';

/** Replies this long after a campaign started still count against its content (its menu is answered for a week). */
export const COMPLAINT_DAYS = 14;
const DAY = 86_400_000;

/**
 * A complaint about a campaign: a text from one of its recipients, after its message reached them, that the engine
 * classed as a complaint (the complaint intent, or a hand-off for `complaint`: the stored decision says so, as the
 * engagement tier reads it). Counted once per person, so one angry customer texting six times is one complaint.
 * Driven from the campaign's own messages (indexed by campaign), each looked up in its thread.
 */
const complainers = (em: EntityManager, c: Campaign) => em.createQueryBuilder().from('messages', 'm')
  .where('m.campaign_id = :id AND m.sent_at IS NOT NULL', { id: c.id })
  .andWhere(`EXISTS (SELECT 1 FROM messages i WHERE i.conversation_id = m.conversation_id AND i.direction = 'in'
    AND i.created_at >= m.sent_at AND i.created_at < :until AND i.decision LIKE '%"complaint"%')`, { until: new Date((c.startedAt ?? c.createdAt).getTime() + COMPLAINT_DAYS * DAY) });

export async function complaintCount(em: EntityManager, campaign: Campaign): Promise<number> {
  const row = await complainers(em, campaign).select('COUNT(DISTINCT m.contact_id)', 'n').getRawOne<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

/**
 * Takes the content down when its complaints pass the setting (beyond those an admin's review already saw): marked
 * `taken_down` once (compare-and-set, so two nodes do it once), paused with reason `complaints` if it was running, and
 * every admin's bell rings on the latest complainer's thread. Answers whether it took it down now.
 */
export async function takeDownIfComplained(ds: DataSource, bus: EventBus, campaign: Campaign, limit: number, now: Date): Promise<boolean> {
  if (campaign.takenDown) return false;
  const complaints = await complaintCount(ds.manager, campaign);
  if (complaints - campaign.complaintsReviewed <= limit) return false;
  if (!await takeDownCampaign(ds, campaign.id, now)) return false;
  const latest = await complainers(ds.manager, campaign).select('m.conversation_id', 'conversationId').orderBy('m.id', 'DESC').limit(1).getRawOne<{ conversationId: number }>();
  if (latest) {
    await publishAfterCommit(ds, async (em, events) => {
      const admins = await em.find(Agent, { where: { role: 'admin', active: true }, select: { id: true } });
      await notify(em, events, bus, admins.map((a) => ({ agentId: a.id, kind: 'campaign' as const, conversationId: Number(latest.conversationId) })), now);
    });
  }
  return true;
}

/** Campaigns whose replies may still bring complaints: started within the complaint period and not already down. */
export async function campaignsToWatchForComplaints(em: EntityManager, now: Date): Promise<Campaign[]> {
  return em.createQueryBuilder(Campaign, 'c').where('c.taken_down = :no AND c.started_at >= :since', { no: false, since: new Date(now.getTime() - COMPLAINT_DAYS * DAY) })
    .andWhere('c.status IN (:...statuses)', { statuses: ['running', 'paused', 'done'] }).getMany();
}

/**
 * An admin's review of taken-down content: `restore` lifts the take-down (a paused campaign stays paused for the admin
 * to resume; only complaints beyond those seen now count again); `keep_down` keeps it down for good (`kept_down_at`,
 * so it is no longer offered for review nor raised as an alarm) and cancels what has not left yet. A review is made
 * once: the mark is compare-and-set, so two admins deciding at once get one decision and one 409.
 */
export async function reviewTakeDown(ds: DataSource, id: number, decision: 'restore' | 'keep_down', now: Date): Promise<void> {
  const campaign = await ds.manager.findOneBy(Campaign, { id });
  if (!campaign) throw notFound('Campaign');
  if (!campaign.takenDown) throw new HttpError(409, 'invalid_status', 'This campaign\'s content is not taken down: there is nothing to review');
  const alreadyKept = () => new HttpError(409, 'invalid_status', 'This campaign\'s content was already reviewed and kept down');
  if (campaign.keptDownAt) throw alreadyKept();
  if (decision === 'keep_down') {
    const marked = await ds.manager.update(Campaign, { id, takenDown: true, keptDownAt: IsNull() }, { keptDownAt: now });
    if (!marked.affected) throw alreadyKept();
    if (['draft', 'scheduled', 'running', 'paused'].includes(campaign.status)) await cancelCampaign(ds, id);
    return;
  }
  const complaints = await complaintCount(ds.manager, campaign);
  await inTransaction(ds, async (em) => {
    await em.update(Campaign, { id, takenDown: true, keptDownAt: IsNull() }, { takenDown: false, complaintsReviewed: complaints });
  });
}
