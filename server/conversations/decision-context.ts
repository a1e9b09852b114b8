import type { EntityManager } from 'typeorm';
import type { Ruleset } from '../../rules';
import type { Decision, Effect } from '../../rules/types';
import type { Appointment, Contact, Conversation, Message } from '../db/entities';
import type { PendingEvents } from '../events/event-bus';

/** Everything an effect handler may read or change while the inbound transaction is open. */
export interface DecisionContext {
  em: EntityManager;
  ruleset: Ruleset;
  now: Date;
  contact: Contact;
  conversation: Conversation;
  inbound: Message;
  decision: Decision;
  /** Filled by the appointment handler for the reply that follows ("your appointment on …"). */
  appointment?: Appointment | null;
  slots?: Array<{ option: string; startsAt: Date }>;
  /** Set when a handler had to answer differently (e.g. no appointment to confirm): later replies are skipped. */
  repliesHandled?: boolean;
  /** A reply of this decision sent a menu; clearing the old menu must not clear the new one. */
  menuSent?: boolean;
  outbound: Message[];
  events: PendingEvents;
  providerName: string;
}

export type EffectHandler<E extends Effect> = (ctx: DecisionContext, effect: E) => Promise<void>;
