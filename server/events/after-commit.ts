import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../db/transaction';
import type { PendingEvents } from './event-bus';

/**
 * One transaction whose events are heard only once it has committed: `work` pushes what to publish onto `events`,
 * and nothing is published if it throws (the rows it announced were rolled back).
 * @example
 * const id = await publishAfterCommit(ds, async (em, events) => {
 *   const row = await em.save(thing);
 *   events.push(() => bus.emit('message:created', view(row)));
 *   return row.id;
 * });
 */
export async function publishAfterCommit<T>(ds: DataSource, work: (em: EntityManager, events: PendingEvents) => Promise<T>): Promise<T> {
  const events: PendingEvents = [];
  // A deadlocked MySQL transaction is run again (db/transaction.ts): only the last run's events are heard.
  const result = await inTransaction(ds, (em) => { events.length = 0; return work(em, events); });
  for (const publish of events) publish();
  return result;
}
