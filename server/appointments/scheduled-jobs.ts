import { In, LessThan, LessThanOrEqual, Like, type DataSource, type EntityManager } from 'typeorm';
import { ScheduledJob } from '../db/entities';
import { isUniqueViolation } from '../db/transaction';

/**
 * Schedules a job once: the unique key makes asking twice harmless. Runs inside the caller's transaction; a lost
 * insert race on MariaDB aborts only the statement, which is why a pre-check is done first (the common case).
 */
export async function scheduleJob(em: EntityManager, job: { kind: string; uniqueKey: string; dueAt: Date; payload: Record<string, unknown> }): Promise<void> {
  if (await em.findOneBy(ScheduledJob, { uniqueKey: job.uniqueKey })) return;
  try {
    await em.save(em.create(ScheduledJob, { ...job, status: 'pending', attempts: 0, leaseUntil: null, lastError: null }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/** Pending jobs whose key starts with `prefix` will not run (their appointment moved or was cancelled). */
export async function cancelJobs(em: EntityManager, prefix: string): Promise<void> {
  await em.update(ScheduledJob, { uniqueKey: Like(`${prefix}%`), status: 'pending' }, { status: 'cancelled' });
}

export function findDueJobs(ds: DataSource, kinds: string[], now: Date, take = 20): Promise<ScheduledJob[]> {
  return ds.manager.find(ScheduledJob, {
    where: [
      { kind: In(kinds), status: 'pending', dueAt: LessThanOrEqual(now) },
      { kind: In(kinds), status: 'running', leaseUntil: LessThan(now) },
    ],
    order: { dueAt: 'ASC', id: 'ASC' },
    take,
  });
}

/**
 * Compare-and-set claim with a lease, as the OutboxSender claims messages: atomic on SQLite and MariaDB, so of two
 * workers (or two processes) exactly one gets the job. An expired lease (its worker died) may be claimed again.
 */
export async function claimJob(ds: DataSource, job: ScheduledJob, now: Date, leaseMs: number): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const qb = ds.createQueryBuilder().update(ScheduledJob).set({ status: 'running', leaseUntil, attempts: () => 'attempts + 1' })
    .where('id = :id AND status = :status', { id: job.id, status: job.status });
  if (job.status === 'running') qb.andWhere('lease_until = :previous', { previous: job.leaseUntil });
  const result = await qb.execute();
  if (result.affected !== 1) return false;
  Object.assign(job, { status: 'running', leaseUntil, attempts: job.attempts + 1 });
  return true;
}

/**
 * Changes a claimed job inside the transaction that did its work. Fenced by the lease: if the lease expired and another
 * worker took the job over, this throws and the transaction (with the SMS it queued) rolls back.
 */
async function updateClaimed(em: EntityManager, job: ScheduledJob, changes: Partial<Pick<ScheduledJob, 'status' | 'leaseUntil' | 'lastError' | 'dueAt'>>): Promise<void> {
  const result = await em.createQueryBuilder().update(ScheduledJob).set(changes)
    .where('id = :id AND status = :running AND lease_until = :lease', { id: job.id, running: 'running', lease: job.leaseUntil }).execute();
  if (result.affected !== 1) throw new Error(`job ${job.id} was taken over by another worker`);
}

/**
 * Re-asserts the claim as the first statement of the job's transaction. Being a write, it also takes SQLite's write
 * lock up front (waiting on busy_timeout): a transaction that read first and wrote later would fail at once with
 * "database is locked" when another process had committed in between.
 */
export const holdClaim = (em: EntityManager, job: ScheduledJob) => updateClaimed(em, job, { status: 'running' });

export const finishJob = (em: EntityManager, job: ScheduledJob, status: 'done' | 'cancelled', note: string | null = null) =>
  updateClaimed(em, job, { status, leaseUntil: null, lastError: note });

/** Not now (quiet hours): back to pending until a better time. */
export const deferJob = (em: EntityManager, job: ScheduledJob, dueAt: Date) => updateClaimed(em, job, { status: 'pending', leaseUntil: null, dueAt });

/** A job that threw: back to pending for a later try, or failed after a few. */
export async function failJob(ds: DataSource, job: ScheduledJob, err: unknown, retryAt: Date): Promise<void> {
  const failed = job.attempts >= 5;
  await ds.manager.update(ScheduledJob, { id: job.id, status: 'running' }, {
    status: failed ? 'failed' : 'pending', leaseUntil: null, dueAt: retryAt, lastError: String((err as Error)?.message ?? err).slice(0, 255),
  });
}
