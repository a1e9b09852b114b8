import type { EntityManager } from 'typeorm';
import type { Ruleset } from '../../rules';
import type { Decision, Effect } from '../../rules/types';
import type { Contact, Conversation, Message } from '../db/entities';
import type { EventBus, PendingEvents } from '../events/event-bus';

/** Everything an effect handler may read or change while the inbound transaction is open. */
export interface DecisionContext {
  em: EntityManager;
  ruleset: Ruleset;
  now: Date;
  contact: Contact;
  conversation: Conversation;
  inbound: Message;
  decision: Decision;
  outbound: Message[];
  events: PendingEvents;
  /** Where `events` publish (the activity line of a hand-off goes out with them). */
  bus: EventBus;
  providerName: string;
}

export type EffectHandler<E extends Effect> = (ctx: DecisionContext, effect: E) => Promise<void>;
