import { In, MoreThan } from 'typeorm';
import { Appointment, Contact, type Message } from '../db/entities';
import { inTransaction } from '../db/transaction';
import { assertOwnerOrFree, claim, lockConversation, saveConversationState, type Actor } from '../conversations/conversation.service';
import { queueOutbound } from '../conversations/queue-outbound';
import { toConversationView, toMessageView, type MessageView } from '../conversations/views';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import type { ReplyContent } from './socket-contract';

export const OPTED_OUT_MESSAGE = 'This contact has opted out of SMS (they texted STOP/退订); nothing can be sent until they text START. 该客户已退订短信，客户回复 START 前无法发送。';

/** The contact's next upcoming appointment: what an agent's template variables ({{appointment.when}} …) refer to. */
export function nextAppointment(em: import('typeorm').EntityManager, contactId: number, now: Date): Promise<Appointment | null> {
  return em.findOne(Appointment, { where: { contactId, status: In(['booked', 'confirmed']), startsAt: MoreThan(now) }, order: { startsAt: 'ASC' } });
}

/**
 * An agent's SMS into a thread. Replying to an unowned conversation claims it (so the bot stops talking); replying to
 * someone else's is a 409 — the agent must take it over explicitly. Queued through the outbox like every SMS.
 */
export async function sendAgentReply(deps: AppDeps, conversationId: number, agent: Actor, content: ReplyContent): Promise<MessageView> {
  const ruleset = await deps.rulesets.get();
  const { message, conversation, phone } = await inTransaction(deps.ds, async (em) => {
    const conv = await lockConversation(em, conversationId);
    assertOwnerOrFree(conv, agent);
    const contact = await em.findOneByOrFail(Contact, { id: conv.contactId });
    if (contact.optedOut) throw new HttpError(409, 'opted_out', OPTED_OUT_MESSAGE);
    const now = deps.clock.now();
    claim(conv, agent.id);
    let queued: Message;
    try {
      queued = await queueOutbound(em, ruleset, {
        contact, conversation: conv, origin: 'agent', agentId: agent.id, now, providerName: deps.provider.name,
        content: 'template' in content ? { template: content.template } : { text: content.body },
        appointment: await nextAppointment(em, contact.id, now),
      });
    } catch (err) {
      // Strict templates fail loudly on a missing variable (e.g. no upcoming appointment): tell the agent why.
      throw new HttpError(422, 'template_failed', `The template could not be filled in: ${(err as Error).message}`, 'template');
    }
    Object.assign(conv, { status: 'open', snoozedUntil: null, waitingSince: null, unread: 0 });
    await saveConversationState(em, conv);
    return { message: queued, conversation: toConversationView(conv, contact, queued), phone: contact.phone };
  });
  const view = toMessageView(message, phone);
  deps.bus.emit('message:created', view);
  deps.bus.emit('conversation:updated', conversation);
  deps.bus.emit('outbox:queued', undefined);
  return view;
}
