import { answerAsAgent } from '../conversations/conversation-state';
import { assertOwnerOrFree, type Actor } from '../conversations/conversation.service';
import { queueOutbound } from '../conversations/queue-outbound';
import { toConversationView, toMessageView, type MessageView } from '../conversations/views';
import type { Message } from '../db/entities';
import { appointmentsIn } from '../db/repositories/appointments.repository';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { publishAfterCommit } from '../events/after-commit';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import type { ReplyContent } from './socket-contract';
import { isSystemTemplate } from './template-previews';

export const OPTED_OUT_MESSAGE = 'This contact has opted out of SMS (they texted STOP/退订); nothing can be sent until they text START. 该客户已退订短信，客户回复 START 前无法发送。';

/**
 * An agent's SMS into a thread. Replying to an unowned conversation claims it (so the bot stops talking); replying to
 * someone else's is a 409 — the agent must take it over explicitly. Queued through the outbox like every SMS.
 */
export async function sendAgentReply(deps: AppDeps, conversationId: number, agent: Actor, content: ReplyContent): Promise<MessageView> {
  if ('template' in content && isSystemTemplate(content.template)) {
    throw new HttpError(400, 'system_template', `"${content.template}" is the bot's own message; confirm, move or cancel a visit with the contact panel's buttons`, 'template');
  }
  const ruleset = await deps.rulesets.get();
  return publishAfterCommit(deps.ds, async (em, events) => {
    const conversations = conversationsIn(em);
    const conv = await conversations.lockById(conversationId);
    assertOwnerOrFree(conv, agent);
    const contact = await contactsIn(em).getById(conv.contactId);
    if (contact.optedOut) throw new HttpError(409, 'opted_out', OPTED_OUT_MESSAGE);
    const now = deps.clock.now();
    Object.assign(conv, answerAsAgent(conv, agent.id));
    let queued: Message;
    try {
      queued = await queueOutbound(em, ruleset, {
        contact, conversation: conv, origin: 'agent', agentId: agent.id, now, providerName: deps.provider.name,
        content: 'template' in content ? { template: content.template } : { text: content.body },
        appointment: await appointmentsIn(em).nextFor(contact.id, now),
      });
    } catch (err) {
      // Strict templates fail loudly on a missing variable (e.g. no upcoming appointment): tell the agent why.
      throw new HttpError(422, 'template_failed', `The template could not be filled in: ${(err as Error).message}`, 'template');
    }
    await conversations.saveState(conv);
    const view = toMessageView(queued, contact.phone);
    const conversation = toConversationView(conv, contact, queued);
    events.push(() => {
      deps.bus.emit('message:created', view);
      deps.bus.emit('conversation:updated', conversation);
      deps.bus.emit('outbox:queued', undefined);
    });
    return view;
  });
}
