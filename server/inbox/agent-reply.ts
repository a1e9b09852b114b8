import { assertSendable, replyChannel } from '../channels/reply-rules';
import { answerAsAgent } from '../conversations/conversation-state';
import { assertOwnerOrFree, type Actor } from '../conversations/conversation.service';
import { queueOutbound, TemplateFillError } from '../conversations/queue-outbound';
import { toConversationView, toMessageView, type ConversationView, type MessageView } from '../conversations/views';
import type { EntityManager } from 'typeorm';
import type { Ruleset } from '../../rules';
import type { Contact, Conversation, Message } from '../db/entities';
import type { PendingEvents } from '../events/event-bus';
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
 * someone else's is a 409 — the agent must take it over explicitly. Through the outbox like every SMS (handed to this
 * node's sender at commit, see publishQueued).
 */
export async function sendAgentReply(deps: AppDeps, conversationId: number, agent: Actor, content: ReplyContent): Promise<MessageView> {
  if ('template' in content && isSystemTemplate(content.template)) {
    throw new HttpError(400, 'system_template', `"${content.template}" is the bot's own message; confirm, move or cancel a visit with the contact panel's buttons`, 'template');
  }
  const ruleset = await deps.rulesets.get();
  return publishAfterCommit(deps.ds, async (em, events) => {
    const conv = await conversationsIn(em).lockById(conversationId);
    return (await replyIn(deps, em, events, ruleset, conv, agent, content)).message;
  });
}

/**
 * The reply itself, inside the caller's transaction on a locked conversation: the collision rule, the opt-out
 * refusal, the claim, the outbox row, and the events for after commit. Starting a conversation uses it too.
 */
export async function replyIn(deps: AppDeps, em: EntityManager, events: PendingEvents, ruleset: Ruleset, conv: Conversation, agent: Actor, content: ReplyContent):
  Promise<{ message: MessageView; conversation: ConversationView }> {
  assertOwnerOrFree(conv, agent);
  const contact = await contactsIn(em).getById(conv.contactId);
  if (contact.optedOut) throw new HttpError(409, 'opted_out', OPTED_OUT_MESSAGE);
  const now = deps.clock.now();
  Object.assign(conv, answerAsAgent(conv, agent.id));
  let queued: Message;
  try {
    queued = await queueOutbound(em, ruleset, {
      contact, conversation: conv, origin: 'agent', agentId: agent.id, now, channels: deps.channels,
      content: 'template' in content ? { template: content.template } : { text: content.body },
      appointment: await appointmentsIn(em).nextFor(contact.id, now), leaseUntil: deps.replies?.leaseFor(now) ?? null,
    });
  } catch (err) {
    // Strict templates fail loudly on a missing variable (e.g. no upcoming appointment): tell the agent why. Anything
    // else is not the template's fault — a deadlock must reach inTransaction to be retried (it used to become this 422).
    if (!(err instanceof TemplateFillError)) throw err;
    throw new HttpError(422, 'template_failed', `The template could not be filled in: ${err.message}`, 'template');
  }
  // Aliyun and Tencent send approved templates only: what cannot go out is refused now, and the row rolls back.
  assertSendable(await replyChannel(em, deps.config, deps.channels, queued.channelId), queued.templateKey, queued.body);
  await conversationsIn(em).saveState(conv);
  return publishQueued(deps, events, queued, conv, contact);
}

/**
 * After commit: the agent's SMS in the thread, the conversation's row moved, and the SMS handed to this node's sender
 * (written `sending` under its lease, as the bot's replies are: no claim between the agent's click and the provider)
 * or, when the sender was not taking any (stopping, or not started), the sender woken to claim it.
 */
export function publishQueued(deps: Pick<AppDeps, 'bus' | 'replies'>, events: PendingEvents, queued: Message, conv: Conversation, contact: Contact): { message: MessageView; conversation: ConversationView } {
  const message = toMessageView(queued, contact.phone);
  const conversation = toConversationView(conv, contact, queued);
  events.push(() => {
    deps.bus.emit('message:created', message);
    deps.bus.emit('conversation:updated', conversation);
    if (queued.status === 'sending') deps.replies!.take([{ row: queued, contact, recovering: false }]);
    else deps.bus.emit('outbox:queued', undefined);
  });
  return { message, conversation };
}
