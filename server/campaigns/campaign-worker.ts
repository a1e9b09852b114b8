import type { CampaignChannels, TemplateConfig } from './campaign-provider-template';
import { In, type DataSource } from 'typeorm';
import type { RulesetCache } from '../admin/ruleset-cache';
import { claimJob, failJob, findDueJobs, finishJob, holdClaim } from '../appointments/scheduled-jobs';
import { atLocalMinute } from '../appointments/zoned-time';
import { Campaign, type ScheduledJob } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { CAMPAIGN_START_JOB, finishIfDone, MISSED_START_MS, pauseCampaign, publishProgress, startCampaign } from './campaign-control';
import { campaignPolicy } from './campaign-policy';
import { notifyAdminsOfPause } from './pause-notice';
import { newQueueLease, queueCampaign } from './queue-campaign';
import type { LinkBase } from './campaign-text';
import { optOutRateExceeded } from './opt-out-alarm';
import { decideWinnerIfDue, winnerDue } from './variant-winner';
import { campaignsToWatchForComplaints, takeDownIfComplained } from './complaint-takedown';
import { queueDueContacts } from './trigger-campaigns';

export interface CampaignWorkerDeps { ds: DataSource; bus: EventBus; clock: Clock; log: Logger; rulesets: RulesetCache; channels: CampaignChannels; config: LinkBase & TemplateConfig }

const JOB_LEASE_MS = 60_000;
/**
 * How often a campaign's alarm and numbers are read again: both scan its rows (100,000 for a big one), so not on every
 * tick of every node. Commands (start, pause …) publish at once.
 */
const WATCH_EVERY_MS = 3_000;

/**
 * A campaign's background work, on every node: start scheduled campaigns from their jobs (or hold one whose time
 * passed by more than 30 minutes for an admin), carry on queueing an audience whose node died, pause a campaign
 * whose opt-outs today pass the alarm, mark finished ones done, and tell admins' pages where each running one is.
 */
export class CampaignWorker {
  /** When each campaign was last watched, on this process's own clock (the app clock may stand still in tests). */
  private readonly watched = new Map<number, number>();
  private complaintsWatchedAt = -Infinity;

  constructor(private readonly deps: CampaignWorkerDeps) {}

  async tick(): Promise<void> {
    await this.startDue();
    const active = await this.deps.ds.manager.findBy(Campaign, { status: In(['running', 'paused']) });
    for (const campaign of active) {
      const resumeQueueing = campaign.status === 'running' && !campaign.audienceDone && (!campaign.leaseUntil || campaign.leaseUntil < this.deps.clock.now());
      if (!resumeQueueing && !winnerDue(campaign, this.deps.clock.now()) && performance.now() - (this.watched.get(campaign.id) ?? -Infinity) < WATCH_EVERY_MS) continue;
      this.watched.set(campaign.id, performance.now());
      await this.watch(campaign);
    }
    await this.watchComplaints();
  }

  /** Content with too many complaints is taken down: checked every few seconds over campaigns still drawing replies. */
  private async watchComplaints(): Promise<void> {
    if (performance.now() - this.complaintsWatchedAt < WATCH_EVERY_MS) return;
    this.complaintsWatchedAt = performance.now();
    const { ds, bus, clock } = this.deps;
    const limit = (await campaignPolicy(ds.manager)).complaintTakeDownCount;
    for (const campaign of await campaignsToWatchForComplaints(ds.manager, clock.now())) {
      if (await takeDownIfComplained(ds, bus, campaign, limit, clock.now())) await publishProgress(ds, bus, campaign.id, clock.now());
    }
  }

  private async startDue(): Promise<void> {
    const { ds, clock, log } = this.deps;
    for (const job of await findDueJobs(ds, [CAMPAIGN_START_JOB], clock.now())) {
      if (!await claimJob(ds, job, clock.now(), JOB_LEASE_MS)) continue;
      try {
        await this.start(job);
      } catch (err) {
        log.warn({ err, jobId: job.id }, 'campaign start failed');
        await failJob(ds, job, err, new Date(clock.now().getTime() + 5_000)).catch(() => undefined);
      }
    }
  }

  private async start(job: ScheduledJob): Promise<void> {
    const { ds, clock } = this.deps;
    const id = Number(job.payload.campaignId);
    const now = clock.now();
    const late = now.getTime() - job.dueAt.getTime() > MISSED_START_MS;
    await inTransaction(ds, async (em) => {
      await holdClaim(em, job);
      // Hours late (an outage) is not what the admin asked for: it stays scheduled, flagged, until they start it.
      if (late) await em.update(Campaign, { id, status: 'scheduled' }, { pausedReason: 'missed_start' });
      await finishJob(em, job, 'done', late ? 'missed_start' : null);
    });
    if (late) return publishProgress(ds, this.deps.bus, id, now);
    const lease = newQueueLease(now);
    await startCampaign(ds, id, now, lease);
    await queueCampaign(this.deps, id, lease);
    await publishProgress(ds, this.deps.bus, id, clock.now());
  }

  private async watch(campaign: Campaign): Promise<void> {
    const { ds, bus, clock, rulesets, log } = this.deps;
    const now = clock.now();
    if (campaign.status === 'running') {
      if (!campaign.audienceDone && (!campaign.leaseUntil || campaign.leaseUntil < now)) await queueCampaign(this.deps, campaign.id);
      const winner = await decideWinnerIfDue(this.deps, campaign);
      if (winner) log.info({ campaignId: campaign.id, winner: winner.key, pValue: winner.pValue, reason: winner.reason.code }, 'A/B winner chosen');
      // A triggered campaign's newly due contacts (a recall's month passed, a birthday came).
      if (campaign.trigger) await queueDueContacts(this.deps, campaign.id);
      const policy = await campaignPolicy(ds.manager);
      const today = atLocalMinute(now, 0, 0, (await rulesets.get()).source.settings.timezone);
      if (await optOutRateExceeded(ds.manager, campaign, today, policy.optOutAlarmRate)) {
        await pauseCampaign(ds, campaign.id, 'opt_out_rate', now).then(() => notifyAdminsOfPause(ds, bus, campaign, now)).catch(() => undefined);
      } else {
        await finishIfDone(ds, await ds.manager.findOneByOrFail(Campaign, { id: campaign.id }));
      }
    }
    await publishProgress(ds, bus, campaign.id, now);
  }
}

/** Polled from every server process, like the appointment jobs; a tick at most every second. */
export function startCampaignWorker(deps: CampaignWorkerDeps, pollMs: number): { stop(): Promise<void>; worker: CampaignWorker } {
  const worker = new CampaignWorker(deps);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = worker.tick().catch((err) => deps.log.error({ err }, 'campaign worker failed')).finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, Math.min(pollMs * 4, 1000));
    });
  };
  tick();
  return { worker, stop: async () => { stopped = true; if (timer) clearTimeout(timer); await running; } };
}
