import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { Message, ScheduledJob, type OutboxLane } from '../db/entities';
import type { Clock } from '../shared/clock';
import type { HuixinMetrics } from './huixin-metrics';

const LANES: OutboxLane[] = ['reply', 'bulk'];
/** Waiting to be claimed, or claimed and being sent. `held` rows (a paused campaign's) wait for a person, not a sender. */
const IN_OUTBOX = ['queued', 'sending'] as const;

const secondsSince = (now: Date, then: Date) => Math.max(0, (now.getTime() - then.getTime()) / 1000);

/**
 * The outbox's depth and the age of its oldest row, per lane, read at each scrape. The database is shared by every
 * node, so every node reports the same numbers: aggregate them with max(), not sum() (a machine's workers already do).
 * Two statements along idx_messages_outbox_due (status, lane, next_attempt_at): a count and the lowest id per status and lane,
 * then the creation time of at most one row per lane by primary key.
 */
export function watchOutbox(metrics: HuixinMetrics, ds: DataSource, clock: Clock): void {
  metrics.readAtScrape('outbox', (gauge) => ({
    depth: gauge('huixin_outbox_depth', 'Outbound texts queued or being sent, by lane and status (the same on every node).', ['lane', 'status'], 'max'),
    oldest: gauge('huixin_outbox_oldest_age_seconds', 'Age of the oldest outbound text queued or being sent, by lane; 0 when the lane is empty.', ['lane'], 'max'),
  }), async ({ depth, oldest }) => {
    const groups = await ds.createQueryBuilder(Message, 'm')
      .select('m.status', 'status').addSelect('m.lane', 'lane').addSelect('COUNT(*)', 'depth').addSelect('MIN(m.id)', 'oldestId')
      .where('m.status IN (:...statuses)', { statuses: IN_OUTBOX }).groupBy('m.status').addGroupBy('m.lane')
      .getRawMany<{ status: string; lane: string; depth: string | number; oldestId: string | number }>();
    const oldestIds = new Map<string, number>();
    for (const lane of LANES) for (const status of IN_OUTBOX) depth.set({ lane, status }, 0);
    for (const g of groups) {
      depth.set({ lane: g.lane, status: g.status }, Number(g.depth));
      const id = Number(g.oldestId);
      if (!oldestIds.has(g.lane) || id < oldestIds.get(g.lane)!) oldestIds.set(g.lane, id);
    }
    const rows = oldestIds.size ? await ds.manager.find(Message, { select: { id: true, lane: true, createdAt: true }, where: { id: In([...oldestIds.values()]) } }) : [];
    const now = clock.now();
    for (const lane of LANES) {
      const row = rows.find((r) => r.lane === lane);
      oldest.set({ lane }, row ? secondsSince(now, row.createdAt) : 0);
    }
  });
}

/**
 * How late scheduled work is (reminders, automatic completion, campaign starts): the time since the oldest pending
 * job became due, 0 when none is overdue. One read along idx_jobs_due (status, due_at).
 */
export function watchScheduledJobs(metrics: HuixinMetrics, ds: DataSource, clock: Clock): void {
  metrics.readAtScrape('scheduled_jobs', (gauge) => ({
    lag: gauge('huixin_scheduled_job_lag_seconds', 'Seconds since the oldest pending scheduled job fell due (0: nothing overdue). The same on every node.', [], 'max'),
  }), async ({ lag }) => {
    const now = clock.now();
    const due = await ds.manager.findOne(ScheduledJob, {
      select: { id: true, dueAt: true }, where: { status: 'pending', dueAt: LessThanOrEqual(now) }, order: { dueAt: 'ASC' },
    });
    lag.set(due ? secondsSince(now, due.dueAt) : 0);
  });
}
