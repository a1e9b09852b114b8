import { In, type DataSource, type EntityManager } from 'typeorm';
import { cancelJobs, scheduleJob } from '../appointments/scheduled-jobs';
import { Campaign, Message } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import { HttpError } from '../http/errors';
import type { CampaignStatus, PausedReason } from './campaign-contract';
import { campaignStats } from './campaign-stats';
import { assignExtendCode } from './extend-code';
import { updateCampaignMessages } from '../reports/counted-updates';
import { recordAlarm } from '../reports/alarm-events';

/** The scheduled job that starts a campaign at its `sendAt`. */
export const CAMPAIGN_START_JOB = 'campaign_start';
export const startJobKey = (id: number) => `campaign_start:${id}`;
/** A scheduled start this late (an outage) waits for an admin instead of going out hours after its time. */
export const MISSED_START_MS = 30 * 60_000;

/**
 * Moves a campaign from one of `from` to `to` by compare-and-set, so two admins (or two nodes' timers) acting at once
 * change it once; the loser gets 409 naming the status it found.
 */
async function transition(em: EntityManager, id: number, from: CampaignStatus[], to: Partial<Campaign>): Promise<Campaign> {
  const result = await em.createQueryBuilder().update(Campaign).set(to).where('id = :id AND status IN (:...from)', { id, from }).execute();
  const row = await em.findOneBy(Campaign, { id });
  if (!row) throw new HttpError(404, 'not_found', 'Campaign not found');
  if (result.affected !== 1) throw new HttpError(409, 'invalid_status', `The campaign is ${row.status}: this needs ${from.join(' or ')}`);
  return row;
}

/** Content taken down for complaints goes nowhere until an admin's review restores it (complaint-takedown.ts). */
export function refuseTakenDown(c: Campaign): void {
  if (c.takenDown) throw new HttpError(409, 'taken_down', 'This campaign\'s content was taken down after complaints: an admin must review it first');
}

/**
 * The right to write a campaign's audience (queue-campaign.ts), taken in the same UPDATE that makes the campaign
 * running: otherwise a campaign worker on any node could see it running with no lease, start writing, and leave the
 * caller's own queueing with nothing to do, so "start" would answer before the audience was queued.
 */
export interface QueueLease { leaseOwner: string; leaseUntil: Date }

/**
 * Starts a draft (or a scheduled campaign an admin releases): with a `sendAt` still ahead it becomes `scheduled` and a
 * job starts it then; otherwise it runs now, its queueing claimed by `lease`. The audience is queued by the caller
 * (queue-campaign.ts) after commit.
 */
export async function startCampaign(ds: DataSource, id: number, now: Date, lease?: QueueLease): Promise<Campaign> {
  return inTransaction(ds, async (em) => {
    const current = await em.findOneBy(Campaign, { id });
    if (!current) throw new HttpError(404, 'not_found', 'Campaign not found');
    refuseTakenDown(current);
    await assignExtendCode(em, current, now);
    // A triggered campaign runs from now on: its contacts are queued as they become due, never as one audience.
    if (current.trigger) return transition(em, id, ['draft'], { status: 'running', pausedReason: null, startedAt: now, audienceDone: true });
    if (current.sendAt && current.sendAt > now && current.status === 'draft') {
      await scheduleJob(em, { kind: CAMPAIGN_START_JOB, uniqueKey: startJobKey(id), dueAt: current.sendAt, payload: { campaignId: id } });
      return transition(em, id, ['draft'], { status: 'scheduled', pausedReason: null });
    }
    await cancelJobs(em, startJobKey(id));
    return transition(em, id, ['draft', 'scheduled'], { status: 'running', pausedReason: null, startedAt: now, ...lease });
  });
}

/**
 * Pauses: one UPDATE moves every queued row of the campaign to `held`, which no sender on any node claims, so the
 * pause holds within the sender's next poll everywhere. A row a sender already claimed (`sending`) finishes.
 */
export async function pauseCampaign(ds: DataSource, id: number, reason: PausedReason, at = new Date()): Promise<Campaign> {
  return inTransaction(ds, async (em) => {
    const row = await transition(em, id, ['running'], { status: 'paused', pausedReason: reason });
    const held = await em.update(Message, { campaignId: id, status: 'queued' }, { status: 'held' });
    // An alarm's pause is on the compliance report's record, with what it held back.
    if (reason === 'opt_out_rate') await recordAlarm(em, { campaignId: id, kind: 'opt_out_rate', paused: true, held: held.affected ?? 0 }, at);
    return row;
  });
}

/**
 * Takes a campaign's content down for complaints, in one transaction with its pause so no sender claims another of its
 * rows in between and nobody sees it down yet running: marked `taken_down` by compare-and-set (two nodes do it once);
 * a running campaign is paused with reason `complaints`, a paused one gets that reason. Answers whether it did it now.
 */
export async function takeDownCampaign(ds: DataSource, id: number, at = new Date()): Promise<boolean> {
  return inTransaction(ds, async (em) => {
    const marked = await em.update(Campaign, { id, takenDown: false }, { takenDown: true });
    if (marked.affected !== 1) return false;
    const wasRunning = (await em.findOneBy(Campaign, { id }))?.status === 'running';
    const paused = await em.update(Campaign, { id, status: In(['running', 'paused']) }, { status: 'paused', pausedReason: 'complaints' });
    const held = paused.affected ? await em.update(Message, { campaignId: id, status: 'queued' }, { status: 'held' }) : null;
    await recordAlarm(em, { campaignId: id, kind: 'complaints', paused: wasRunning, held: held?.affected ?? 0 }, at);
    return true;
  });
}

/** Resumes: held rows are queued again (deferred ones keep their window's time); an unfinished audience carries on. */
export async function resumeCampaign(ds: DataSource, id: number, lease?: QueueLease): Promise<Campaign> {
  return inTransaction(ds, async (em) => {
    const current = await em.findOneBy(Campaign, { id });
    if (current) refuseTakenDown(current);
    const row = await transition(em, id, ['paused'], { status: 'running', pausedReason: null, ...lease });
    await em.update(Message, { campaignId: id, status: 'held' }, { status: 'queued' });
    return row;
  });
}

/** Cancels: nothing more leaves; rows not yet claimed are refused (`campaign_cancelled`) and stay on record. */
export async function cancelCampaign(ds: DataSource, id: number): Promise<Campaign> {
  return inTransaction(ds, async (em) => {
    const row = await transition(em, id, ['draft', 'scheduled', 'running', 'paused'], { status: 'cancelled', leaseUntil: null });
    await cancelJobs(em, startJobKey(id));
    await updateCampaignMessages(em, id, ['queued', 'held'], {
      status: 'refused', errorCode: 'campaign_cancelled', errorMessage: 'The campaign was cancelled before this text left',
    });
    return row;
  });
}

/** A running campaign whose audience is written and whose every message has left (or failed) is done; a triggered one runs on. */
export async function finishIfDone(ds: DataSource, campaign: Campaign): Promise<boolean> {
  if (campaign.status !== 'running' || !campaign.audienceDone || campaign.trigger) return false;
  // An A/B test's share has gone, but the rest waits for the winner.
  if (campaign.variants?.length && !campaign.winner) return false;
  const waiting = await ds.manager.countBy(Message, { campaignId: campaign.id, status: In(['queued', 'held', 'sending']) });
  if (waiting) return false;
  const result = await ds.manager.update(Campaign, { id: campaign.id, status: 'running' }, { status: 'done' });
  return result.affected === 1;
}

/** Tells admins' pages where a campaign is (socket `campaign:progress`), read fresh from the database. */
export async function publishProgress(ds: DataSource, bus: EventBus, id: number, now: Date): Promise<void> {
  const row = await ds.manager.findOneBy(Campaign, { id });
  if (!row) return;
  bus.emit('campaign:progress', {
    campaignId: id, status: row.status, ...(row.pausedReason ? { pausedReason: row.pausedReason } : {}), takenDown: row.takenDown, keptDown: row.keptDownAt !== null, stats: await campaignStats(ds.manager, row, now),
  });
}
