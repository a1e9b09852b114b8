import { evaluate } from '../../rules';
import type { Decision, Effect } from '../../rules/types';
import { recordActivity } from '../activity/record-activity';
import { answerAsAgent } from '../conversations/conversation-state';
import { assertOwnerOrFree, type Actor } from '../conversations/conversation.service';
import { gatherFacts } from '../conversations/gather-facts';
import { queueOutbound } from '../conversations/queue-outbound';
import type { MessageView } from '../conversations/views';
import { Message } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { publishAfterCommit } from '../events/after-commit';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { OPTED_OUT_MESSAGE, publishQueued } from './agent-reply';

type Reply = Extract<Effect, { type: 'reply' }>;
type AwaitReply = Extract<Effect, { type: 'await_reply' }>;

/**
 * Issue 14 item 9, "do what the bot would have done", for a move to a vague time ("明天下午", "下周") or no time at
 * all: the bot would have texted the lettered free slots in that window and waited for "A"/"B". One click by the
 * agent does exactly that: the text is decided again as if the bot owned the thread, on fresh facts (slots free now),
 * and only the offer and its menu are applied. The menu is the system's, so the customer's "A" is answered by the bot
 * even though the thread stays this agent's (rules/evaluate.ts: a person owns the thread, a live menu is still
 * answered). The SMS is the agent's (origin agent), and a line says who offered.
 */
export async function sendBotOffer(deps: AppDeps, conversationId: number, agent: Actor, messageId: number): Promise<MessageView> {
  const ruleset = await deps.rulesets.get();
  return publishAfterCommit(deps.ds, async (em, events) => {
    const conversations = conversationsIn(em);
    const conv = await conversations.lockById(conversationId);
    assertOwnerOrFree(conv, agent);
    const inbound = await em.findOneBy(Message, { id: messageId, conversationId, direction: 'in' });
    if (!inbound) throw new HttpError(400, 'invalid_field', 'messageId: no such message from the customer in this conversation', 'messageId');
    if (inbound.decision?.trace.botWouldHave?.action !== 'appointment.reschedule') {
      throw new HttpError(409, 'no_offer', 'The bot would not have offered times for this message');
    }
    const contact = await contactsIn(em).getById(conv.contactId);
    if (contact.optedOut) throw new HttpError(409, 'opted_out', OPTED_OUT_MESSAGE);
    const now = deps.clock.now();
    const settings = ruleset.source.settings;
    const timezone = contact.timezone || settings.timezone;
    const facts = await gatherFacts(em, {
      settings, now, timezone, contactId: contact.id, awaiting: conv.awaiting, awaitingContext: conv.awaitingContext, text: inbound.body,
    });
    const decision: Decision = evaluate(ruleset, {
      text: inbound.body, now: now.toISOString(), timezone, facts,
      contact: { optedOut: contact.optedOut, tags: contact.tags, locale: contact.locale },
      conversation: { handledBy: 'bot', ...(conv.awaiting ? { awaiting: conv.awaiting } : {}), firstMessage: false },
    });
    const reply = decision.effects.find((e): e is Reply => e.type === 'reply');
    const menu = decision.effects.find((e): e is AwaitReply => e.type === 'await_reply');
    if (decision.outcome?.kind !== 'offer' || !reply || !menu) {
      throw new HttpError(409, 'no_offer', `There is no time to offer now (${decision.outcome?.kind ?? decision.action})`);
    }
    Object.assign(conv, answerAsAgent(conv, agent.id));
    const queued = await queueOutbound(em, ruleset, {
      contact, conversation: conv, origin: 'agent', agentId: agent.id, now, channels: deps.channels,
      content: { template: reply.template, vars: reply.vars }, decision, leaseUntil: deps.replies?.leaseFor(now) ?? null,
    });
    conv.awaiting = menu.awaiting;
    conv.awaitingContext = menu.context;
    await conversations.saveState(conv);
    await recordActivity(em, events, deps.bus, conv.id, {
      kind: 'slots_offered', actor: 'agent', agentId: agent.id, actorName: agent.name,
      detail: { slots: decision.outcome.slots.map((s) => s.startsAt) },
    }, now);
    return publishQueued(deps, events, queued, conv, contact).message;
  });
}
