import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../db/transaction';
import { inTransactionTogether } from '../db/group-commit';
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
 * `together`: the key of a transaction that may be committed together with others arriving at the same moment
 * (db/group-commit.ts), never with another of the same key.
 */
export async function publishAfterCommit<T>(ds: DataSource, work: (em: EntityManager, events: PendingEvents) => Promise<T>, together?: string): Promise<T> {
  const events: PendingEvents = [];
  // A deadlocked MySQL transaction, or a failed group, is run again (db/transaction.ts, db/group-commit.ts): only the
  // last run's events are heard.
  const run = (em: EntityManager) => { events.length = 0; return work(em, events); };
  const result = await (together === undefined ? inTransaction(ds, run) : inTransactionTogether(ds, together, run));
  for (const publish of events) publish();
  return result;
}
