import { EventEmitter } from 'node:events';
import type { ActivityView } from '../activity/activity-contract';
import type { CampaignProgress } from '../campaigns/campaign-contract';
import type { ConversationView, MessageView } from '../conversations/views';
import type { NotificationReadEvent, NotificationView } from '../notifications/notification-contract';

/** What the shell tells the rest of the process after a commit (sockets, the sender). Past tense: it happened. */
export interface HuixinEvents {
  'message:created': MessageView;
  'message:updated': MessageView;
  'conversation:updated': ConversationView;
  /** An agent no longer carries this open conversation (resolved, snoozed, handed back, given to someone else). */
  'conversation:released': { conversationId: number; agentId: number };
  /** A reply was queued: wake the sender now instead of at its next poll. */
  'outbox:queued': void;
  /** A line in a conversation's activity (taken over, resolved, handed off…), for whoever shows the thread. */
  'activity:created': ActivityView;
  /** A new entry in one agent's bell (a mention, an assignment, an urgent hand-off). */
  'notification:created': { agentId: number; notification: NotificationView };
  /** One agent read some of theirs, so each of their tabs drops its badge. */
  'notification:read': { agentId: number } & NotificationReadEvent;
  /** A campaign's status or numbers moved (started, a batch queued, paused, sent on): for admins' campaign pages. */
  'campaign:progress': CampaignProgress;
  /** The report counts changed (a text stored, sent or receipted, a consent change, a complaint): dashboards refetch. */
  'reports:changed': void;
}

export class EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  emit<K extends keyof HuixinEvents>(event: K, payload: HuixinEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends keyof HuixinEvents>(event: K, listener: (payload: HuixinEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}

/** Events gathered inside a transaction and published only once it has committed. */
export type PendingEvents = Array<() => void>;
