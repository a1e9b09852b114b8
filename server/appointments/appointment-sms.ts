import type { EntityManager } from 'typeorm';
import type { ReplyChannels } from '../channels/channel-registry';
import type { Ruleset } from '../../rules';
import { Contact, type Appointment, type Message } from '../db/entities';
import type { EventBus } from '../events/event-bus';
import { markAnswered } from '../conversations/conversation-state';
import { saveConversationState } from '../conversations/conversation.service';
import { queueOutbound } from '../conversations/queue-outbound';
import { findOrCreateConversation } from '../conversations/receive-inbound';
import { toConversationView, toMessageView } from '../conversations/views';
import type { Slot } from './slot-finder';

export interface SmsDeps { ruleset: Ruleset; channels: ReplyChannels; now: Date }

/**
 * Queues a templated SMS about an appointment (reminder, confirmation, survey …) in the caller's transaction and
 * returns what to publish after commit. A template with a menu makes the thread await it, tied to this appointment,
 * so the customer's "1" confirms this one and no other. `origin` is 'system' for scheduled sends, 'agent' for an
 * agent's action in the inbox.
 */
export async function queueAppointmentSms(em: EntityManager, deps: SmsDeps, appt: Appointment, template: string,
  opts: { origin?: 'system' | 'agent' | 'bot'; agentId?: number | null; slots?: Array<Slot & { option: string }> } = {}): Promise<(bus: EventBus) => void> {
  const contact = await em.findOneByOrFail(Contact, { id: appt.contactId });
  const conversation = await findOrCreateConversation(em, contact.id, deps.now);
  const message: Message = await queueOutbound(em, deps.ruleset, {
    contact, conversation, origin: opts.origin ?? 'system', agentId: opts.agentId ?? null, now: deps.now, channels: deps.channels,
    content: { template }, appointment: appt, slots: opts.slots,
  });
  // An agent texting the customer from the contact panel has answered them, as a typed reply would.
  if (opts.origin === 'agent') Object.assign(conversation, markAnswered(conversation));
  await saveConversationState(em, conversation);
  return (bus) => {
    bus.emit('message:created', toMessageView(message, contact.phone));
    bus.emit('conversation:updated', toConversationView(conversation, contact, message));
    bus.emit('outbox:queued', undefined);
  };
}
