import { EventEmitter } from 'node:events';
import type { EventBus } from '../events/event-bus';
import type { MentionEvent, NoteView } from './socket-contract';

/** Inbox-only events (notes, mentions) published after commit; the gateway relays them like the shared bus's. */
export interface InboxEventMap {
  'note:created': [NoteView];
  'mention:created': [{ agentId: number; mention: MentionEvent }];
  'agent:availability': [{ agentId: number; name: string; away: boolean }];
}

export type InboxEvents = EventEmitter<InboxEventMap>;

// One emitter per running Huixin, found through its EventBus, so REST routes and the gateway share it without a
// new field in AppDeps (which other issues own) and without process-wide state across test servers.
const byBus = new WeakMap<EventBus, InboxEvents>();

export function inboxEventsOf(bus: EventBus): InboxEvents {
  let events = byBus.get(bus);
  if (!events) byBus.set(bus, events = new EventEmitter<InboxEventMap>().setMaxListeners(100) as InboxEvents);
  return events;
}
