import { LessThanOrEqual } from 'typeorm';
import { Conversation } from '../db/entities';
import type { AppDeps } from '../deps';

const WAKE_EVERY_MS = 15_000;

/**
 * Reopens conversations snoozed until a time once it has passed. Several nodes may run it: waking re-checks the row
 * under lock, so a conversation wakes once. (Snoozed "until the customer replies" has no time: the inbound wakes it.)
 */
export function startSnoozeWaker({ ds, clock, log, conversations }: AppDeps, everyMs = WAKE_EVERY_MS): () => void {
  const tick = async () => {
    const due = await ds.manager.find(Conversation, { where: { status: 'snoozed', snoozedUntil: LessThanOrEqual(clock.now()) }, take: 100 });
    for (const conv of due) await conversations.wake(conv.id);
  };
  const timer = setInterval(() => void tick().catch((err) => log.warn({ err }, 'snooze waker failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
