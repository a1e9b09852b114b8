import type { DataSource, EntityManager } from 'typeorm';
import { evaluate } from '../../rules';
import type { EvaluateInput } from '../../rules/types';
import type { RulesetCache } from '../admin/ruleset-cache';
import type { InboundSms } from '../channels/sms-provider';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { Message } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { applyDecision } from './apply-decision';
import { saveConversationState } from './conversation.service';
import type { DecisionContext } from './decision-context';
import { findOrCreateConversation, inInboundThread } from './inbound-thread';
import { storeForPerson } from './store-for-person';
import { toConversationView, toMessageView } from './views';

export interface InboundDeps {
  ds: DataSource;
  rulesets: RulesetCache;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  providerName: string;
  defaultTimezone: string;
}

export interface InboundResult { messageId: number; duplicate: boolean }

/** The appointment SMS imports this from here; it now lives in inbound-thread.ts with the other rows a text lands in. */
export { findOrCreateConversation };

/**
 * The spine: store the inbound SMS, ask the rules engine, apply the decision's effects and queue any reply, all in
 * one transaction; only after commit do sockets and the sender hear of it. A provider id seen before is a no-op.
 * If anything after parsing fails for a reason other than the database itself, the text is still stored, for a
 * person (store-for-person.ts), and the webhook answers 2xx; only a database that is down or not answering makes it
 * throw, so the provider retries.
 */
export async function receiveInbound(deps: InboundDeps, sms: InboundSms): Promise<InboundResult> {
  try {
    return await decideAndStore(deps, sms);
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    deps.log.error({ err, provider: sms.provider, providerMessageId: sms.providerMessageId }, 'inbound pipeline failed');
    return storeForPerson(deps, sms, err);
  }
}

async function decideAndStore(deps: InboundDeps, sms: InboundSms): Promise<InboundResult> {
  const ruleset = await deps.rulesets.get();
  return inInboundThread(deps, sms, async ({ em, now, contact, conversation, events }) => {
    // The engine is pure and needs only the contact and conversation, so the inbound row is stored once, already
    // carrying the decision that followed it.
    const input: EvaluateInput = {
      text: sms.body, now: now.toISOString(), timezone: contact.timezone,
      contact: { optedOut: contact.optedOut, tags: contact.tags, locale: contact.locale },
      conversation: { handledBy: conversation.handledBy, ...(conversation.awaiting ? { awaiting: conversation.awaiting } : {}) },
    };
    const decision = evaluate(ruleset, input);
    const inbound = await insertStamped(em, Message, {
      conversationId: conversation.id, contactId: contact.id, direction: 'in', origin: 'contact', body: sms.body,
      provider: sms.provider, providerMessageId: sms.providerMessageId, status: 'received', errorCode: null, errorMessage: null,
      agentId: null, templateKey: null, compliance: false, decision, media: sms.media.length ? sms.media : null,
      attempts: 0, nextAttemptAt: null, leaseUntil: null, sentAt: null,
    }, now);
    const ctx: DecisionContext = { em, ruleset, now, contact, conversation, inbound, decision, outbound: [], events, providerName: deps.providerName };
    await applyDecision(ctx);
    await saveConversationState(em, conversation);

    events.push(() => {
      // The list first: every agent's row moves at once, the thread's messages follow for those who show it.
      // It carries its newest message, so a row that appears live shows its preview at once.
      deps.bus.emit('conversation:updated', toConversationView(conversation, contact, ctx.outbound.at(-1) ?? inbound));
      deps.bus.emit('message:created', toMessageView(inbound, contact.phone));
      for (const out of ctx.outbound) deps.bus.emit('message:created', toMessageView(out, contact.phone));
      if (ctx.outbound.length) deps.bus.emit('outbox:queued', undefined);
    });
    deps.log.info({ messageId: inbound.id, phone: contact.phone, action: decision.action, stage: decision.trace.stage }, 'inbound handled');
    return inbound.id;
  });
}
