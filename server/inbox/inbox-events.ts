import { EventEmitter } from 'node:events';
import type { MentionEvent, NoteView } from './socket-contract';

/** Inbox-only events (notes, mentions, availability) published after commit; the gateway relays them like the bus's. */
export interface InboxEventMap {
  'note:created': [NoteView];
  'mention:created': [{ agentId: number; mention: MentionEvent }];
  'agent:availability': [{ agentId: number; name: string; away: boolean }];
  /** An admin deactivated them: their sockets close (their sessions are gone already). */
  'agent:deactivated': [{ agentId: number }];
}

export type InboxEvents = EventEmitter<InboxEventMap>;

/** One per running Huixin (AppDeps.inboxEvents), so REST routes and the gateway share it and test servers do not. */
export const createInboxEvents = (): InboxEvents => new EventEmitter<InboxEventMap>().setMaxListeners(100);
