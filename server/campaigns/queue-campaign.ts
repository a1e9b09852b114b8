import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RulesetCache } from '../admin/ruleset-cache';
import { isMysql } from '../db/data-source';
import { Campaign, Message, Segment } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import { nextAudienceBatch } from './campaign-audience';
import { campaignPolicy } from './campaign-policy';
import type { LinkBase } from './campaign-text';
import { listDuplicates } from './segment-query';
import { inTestShare } from '../../rules/campaigns/variant-split';
import { campaignSending, type CampaignChannels, type TemplateConfig } from './campaign-provider-template';
import { prepareBatch } from './prepare-batch';
import { writeBatch } from './write-batch';
import type { QueueLease } from './campaign-control';

export interface QueueDeps { ds: DataSource; clock: Clock; bus: EventBus; rulesets: RulesetCache; channels: CampaignChannels; config: LinkBase & TemplateConfig }

/** How long a queueing node's claim lasts without a renewal. */
const LEASE_MS = 30_000;
/**
 * A claim is renewed once a third of it has passed, not before every batch: the renewal updates the campaign row,
 * which the batches in flight hold with a shared lock, so it waits for them all to commit. Renewed per batch, that
 * wait emptied the pipeline every batch (4.7 of 7.9 s of a 100,000-recipient campaign on MariaDB).
 */
const RENEW_MS = LEASE_MS / 3;

/** A lease for a new queueing run, to be taken with the change that makes the campaign run (campaign-control.ts). */
export function newQueueLease(now: Date): QueueLease {
  return { leaseOwner: randomUUID(), leaseUntil: new Date(now.getTime() + LEASE_MS) };
}

/**
 * Takes or renews the right to write the campaign's audience for run `owner` (autocommit, compare-and-set): false when
 * the campaign is not running, its audience is written, or another run holds an unexpired lease.
 */
async function claimQueueing(em: EntityManager, campaignId: number, owner: string, now: Date): Promise<boolean> {
  const result = await em.createQueryBuilder().update(Campaign).set({ leaseUntil: new Date(now.getTime() + LEASE_MS), leaseOwner: owner })
    .where('id = :id AND status = :running AND audience_done = :no', { id: campaignId, running: 'running', no: false })
    .andWhere('(lease_owner = :owner OR lease_until IS NULL OR lease_until < :now)', { owner, now }).execute();
  return result.affected === 1;
}

/**
 * The first statement of a batch's transaction: the campaign still runs and this run still holds it. On MariaDB the
 * row is read with a shared lock, so batches write side by side while a pause (which updates the row) waits for them
 * to commit and then holds the rows they wrote, or goes first and they write nothing.
 */
async function stillHeld(em: EntityManager, campaignId: number, owner: string): Promise<boolean> {
  const lock = isMysql(em.connection) ? ' LOCK IN SHARE MODE' : '';
  const rows = await em.query(`SELECT id FROM campaigns WHERE id = ? AND status = 'running' AND lease_owner = ?${lock}`, [campaignId, owner]) as unknown[];
  return rows.length === 1;
}

/**
 * Resolves, checks and queues a running campaign's whole audience in batches, each in one transaction that writes its
 * recipient rows, its outbox rows (lane `bulk`, `campaign_id`, the same columns queueOutbound writes) and the
 * conversations' campaign menu together, so a crash leaves every contact either fully queued or untouched. The
 * unique (campaign, contact) on both tables makes a second writer fail rather than send twice. Memory is one batch.
 * Returns false when another node holds the work or the campaign stopped running. `lease`: the one taken when the
 * campaign was made to run (start, resume), so no other run slips in between.
 */
export async function queueCampaign(deps: QueueDeps, campaignId: number, lease?: QueueLease): Promise<boolean> {
  const { ds, clock } = deps;
  const owner = lease?.leaseOwner ?? randomUUID();
  const campaign = await ds.manager.findOneBy(Campaign, { id: campaignId });
  if (!campaign || !await claimQueueing(ds.manager, campaignId, owner, clock.now())) return false;
  const segment = await ds.manager.findOneByOrFail(Segment, { id: campaign.segmentId });
  const policy = await campaignPolicy(ds.manager);
  const settings = (await deps.rulesets.get()).source.settings;
  const { providerName, templateChannel } = await campaignSending(deps.channels, campaign, deps.config);
  await ds.manager.update(Campaign, { id: campaign.id }, { duplicates: await listDuplicates(ds.manager, segment.definition) });
  // MariaDB takes up to 65,535 parameters a statement (a message row has 26); SQLite ~32,000 and one writer.
  const mysql = isMysql(ds);
  const size = mysql ? 2000 : 400;
  const read = (after: number) => nextAudienceBatch(ds.manager, campaign, segment, policy, clock.now(), after, size);
  let sequence = await ds.manager.countBy(Message, { campaignId: campaign.id });
  // On MariaDB two batches are written at once (separate connections) while the next is read: the commits overlap.
  const writing: Array<Promise<number | null>> = [];
  let stopped = false;
  const settle = async (write: Promise<number | null>) => {
    const written = await write;
    if (written === null) stopped = true;
    else if (written) deps.bus.emit('outbox:queued', undefined);
  };
  // A/B before its winner: only the test share now (the rest has no recipient row, so the winner's run finds it).
  const testing = campaign.variants?.length && !campaign.winner ? campaign.testShare ?? 100 : null;
  let renewAt = clock.now().getTime() + RENEW_MS;
  let batch = await read(0);
  while (batch.length && !stopped) {
    const now = clock.now();
    // Between renewals each batch's transaction still checks this run holds the campaign (stillHeld).
    if (now.getTime() >= renewAt) {
      if (!await claimQueueing(ds.manager, campaign.id, owner, now)) { stopped = true; break; }
      renewAt = now.getTime() + RENEW_MS;
    }
    const last = batch[batch.length - 1]!.contactId;
    const current = testing === null ? batch : batch.filter((r) => inTestShare(campaign.id, r.contactId, testing));
    const next = read(last);
    next.catch(() => undefined);
    if (!current.length) { batch = await next; continue; }
    const prepared = await prepareBatch(ds.manager, { campaign, policy, settings, providerName, now, sequence, linkBase: deps.config, templateChannel }, current);
    sequence += prepared.sending;
    const write = inTransaction(ds, async (em) => (await stillHeld(em, campaign.id, owner) ? writeBatch(em, prepared) : null));
    write.catch(() => undefined);
    writing.push(write);
    if (writing.length >= (mysql ? 2 : 1)) await settle(writing.shift()!);
    batch = await next;
  }
  for (const write of writing) await settle(write);
  if (stopped) return false;
  // An A/B test share written starts the wait for its winner (campaign-worker.ts decides it and queues the rest).
  await ds.manager.update(Campaign, { id: campaign.id, status: 'running', leaseOwner: owner },
    { audienceDone: true, leaseUntil: null, leaseOwner: null, ...(testing !== null ? { testQueuedAt: clock.now() } : {}) });
  return true;
}
