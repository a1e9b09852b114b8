import type { DataSource } from 'typeorm';
import type { ReplyChannels } from '../channels/channel-registry';
import type { RulesetCache } from '../admin/ruleset-cache';
import type { ScheduledJob } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import type { AppDeps } from '../deps';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { COMPLETE_JOB, REMINDER_JOB } from './reminder-schedule';
import { claimJob, deferJob, failJob, findDueJobs, finishJob, holdClaim } from './scheduled-jobs';
import { runCompletionJob, runReminderJob, type JobOutcome, type JobRun } from './job-handlers';

export interface WorkerDeps { ds: DataSource; bus: EventBus; clock: Clock; log: Logger; rulesets: RulesetCache; channels: ReplyChannels }

const LEASE_MS = 60_000;
const HANDLERS: Record<string, (run: JobRun) => Promise<JobOutcome>> = { [REMINDER_JOB]: runReminderJob, [COMPLETE_JOB]: runCompletionJob };

/**
 * Runs due appointment jobs (reminders, automatic completion with its survey) from `scheduled_jobs`. Each job is
 * claimed with a compare-and-set lease, then its SMS is queued and the job marked done in one transaction fenced by
 * that lease, so with any number of workers and processes a reminder is queued exactly once, and a worker that dies
 * mid-job leaves it to be taken over when the lease ends.
 */
export class AppointmentWorker {
  constructor(private readonly deps: WorkerDeps) {}

  /** Runs everything due now; resolves when nothing is left. Tests call it directly. */
  async runDue(): Promise<void> {
    for (;;) {
      const due = await findDueJobs(this.deps.ds, Object.keys(HANDLERS), this.deps.clock.now());
      let ran = 0;
      for (const job of due) {
        if (!(await claimJob(this.deps.ds, job, this.deps.clock.now(), LEASE_MS))) continue;
        ran++;
        await this.run(job);
      }
      if (ran === 0) return;
    }
  }

  private async run(job: ScheduledJob): Promise<void> {
    const { ds, bus, clock, log, rulesets, channels } = this.deps;
    try {
      const ruleset = await rulesets.get();
      await publishAfterCommit(ds, async (em, events) => {
        await holdClaim(em, job);
        const outcome = await HANDLERS[job.kind]({ em, job, ruleset, now: clock.now(), channels });
        if (outcome.status === 'deferred') await deferJob(em, job, outcome.until);
        else await finishJob(em, job, outcome.status, outcome.note ?? null);
        const { publish } = outcome;
        if (publish) events.push(() => publish(bus));
      });
    } catch (err) {
      log.warn({ err, jobId: job.id, kind: job.kind }, 'appointment job failed');
      await failJob(ds, job, err, new Date(clock.now().getTime() + 5_000 * job.attempts)).catch(() => undefined);
    }
  }
}

/** Background work for appointments, polled like the outbox (OUTBOX_POLL_MS) from every server process. */
export function startAppointmentWorkers(deps: AppDeps): { stop(): Promise<void>; worker: AppointmentWorker } {
  const worker = new AppointmentWorker(deps);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    running = worker.runDue().catch((err) => deps.log.error({ err }, 'appointment jobs failed')).finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(tick, deps.config.OUTBOX_POLL_MS);
    });
  };
  tick();
  return {
    worker,
    stop: async () => { stopped = true; if (timer) clearTimeout(timer); await running; },
  };
}
