import type { EntityManager } from 'typeorm';
import type { Ruleset } from '../../rules';
import type { Decision, Effect } from '../../rules/types';
import type { ReplyChannels } from '../channels/channel-registry';
import type { Contact, Conversation, ConversationEpisode, Message } from '../db/entities';
import type { EventBus, PendingEvents } from '../events/event-bus';

/** Everything an effect handler may read or change while the inbound transaction is open. */
export interface DecisionContext {
  em: EntityManager;
  ruleset: Ruleset;
  now: Date;
  contact: Contact;
  conversation: Conversation;
  /** The episode this text belongs to (server/reports/episode-state.ts); a hand-off marks it. */
  episode: ConversationEpisode;
  inbound: Message;
  decision: Decision;
  outbound: Message[];
  events: PendingEvents;
  /** Where `events` publish (the activity line of a hand-off goes out with them). */
  bus: EventBus;
  /** Where the replies leave from (queue-outbound.ts). */
  channels: ReplyChannels;
  /** The lease the bot's replies are written under for this node's sender to take at commit; null: queued for a claim. */
  replyLease: Date | null;
}

export type EffectHandler<E extends Effect> = (ctx: DecisionContext, effect: E) => Promise<void>;
