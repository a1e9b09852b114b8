import { movesForward } from '../../../server/inbox/message-status';
import type { ChosenPicture, MessageStatus, SimMessage } from './simulator-types';

/** A message as the thread shows it: stored ones carry the server's id; a text still being sent has only a localId. */
export interface ThreadMessage extends SimMessage {
  key: string;
  pending?: boolean;
  sendError?: string;
  /** Pictures going with a text still being sent (stored ones come back as `media`). */
  pictures?: ChosenPicture[];
}

/**
 * A REST snapshot can be older than a socket event that overtook it, so a status never moves backwards on screen:
 * the same rank the server applies to provider callbacks.
 */
export const laterStatus = (current: MessageStatus, incoming: MessageStatus): MessageStatus =>
  (movesForward(current, incoming) ? incoming : current);

export const keyOf = (id: SimMessage['id']) => `m${id}`;

/** Oldest first, like the server; pending texts (not yet stored) stay at the bottom in the order typed. */
function byTime(a: ThreadMessage, b: ThreadMessage): number {
  if (!!a.pending !== !!b.pending) return a.pending ? 1 : -1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return Number(a.id) - Number(b.id);
}

/** Insert or refresh stored messages by id, keeping whichever status is further along. Returns a new array. */
export function upsertMessages(thread: ThreadMessage[], incoming: SimMessage[]): ThreadMessage[] {
  const byKey = new Map(thread.map((m) => [m.key, m]));
  for (const m of incoming) {
    const key = keyOf(m.id);
    const existing = byKey.get(key);
    byKey.set(key, { ...m, key, status: existing ? laterStatus(existing.status, m.status) : m.status });
  }
  return [...byKey.values()].sort(byTime);
}

export function updateStatus(thread: ThreadMessage[], id: SimMessage['id'], status: MessageStatus): ThreadMessage[] {
  const key = keyOf(id);
  return thread.map((m) => (m.key === key ? { ...m, status: laterStatus(m.status, status) } : m));
}
