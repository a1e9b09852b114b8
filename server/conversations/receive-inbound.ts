import type { DataSource, EntityManager } from 'typeorm';
import { evaluate } from '../../rules';
import type { EvaluateInput } from '../../rules/types';
import type { RulesetCache } from '../admin/ruleset-cache';
import type { InboundSms } from '../channels/sms-provider';
import { Contact, Conversation, Message } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { applyDecision } from './apply-decision';
import { saveConversationState } from './conversation.service';
import type { DecisionContext } from './decision-context';
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

async function findOrCreateContact(em: EntityManager, phone: string, timezone: string, now: Date): Promise<Contact> {
  const existing = await em.findOneBy(Contact, { phone });
  if (existing) return existing;
  // A +1 number most likely texts in English; everyone else starts in Chinese and the admin can change it.
  const locale = phone.startsWith('+1') || phone.startsWith('+44') ? 'en' : 'zh-CN';
  return insertStamped(em, Contact, { phone, name: null, locale, timezone, tags: [], optedOut: false, optedOutAt: null }, now);
}

export async function findOrCreateConversation(em: EntityManager, contactId: number, now: Date): Promise<Conversation> {
  const existing = await em.findOneBy(Conversation, { contactId });
  if (existing) return existing;
  return insertStamped(em, Conversation, {
    contactId, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
    snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0,
  }, now);
}

/** A new message wakes the thread: resolved threads go back to the bot, snoozed ones reopen for their owner. */
function reopenForInbound(conv: Conversation, now: Date): void {
  if (conv.status === 'resolved') Object.assign(conv, { handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null });
  conv.status = 'open';
  conv.snoozedUntil = null;
  conv.lastMessageAt = now;
  conv.unread += 1;
  if (conv.handledBy === 'human' && !conv.waitingSince) conv.waitingSince = now;
}

/**
 * The spine: store the inbound SMS, ask the rules engine, apply the decision's effects and queue any reply, all in
 * one transaction; only after commit do sockets and the sender hear of it. A provider id seen before is a no-op.
 */
export async function receiveInbound(deps: InboundDeps, sms: InboundSms): Promise<InboundResult> {
  const ruleset = await deps.rulesets.get();
  for (let attempt = 0; ; attempt++) {
    try {
      return await receiveOnce(deps, sms, ruleset);
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 0) throw err;
      // Lost a race: the same provider id (a retried webhook) or a first message from a new number, both committed
      // by another request meanwhile. Once more from the top finds the stored rows.
    }
  }
}

async function receiveOnce(deps: InboundDeps, sms: InboundSms, ruleset: Awaited<ReturnType<RulesetCache['get']>>): Promise<InboundResult> {
  const events: Array<() => void> = [];
  const result = await inTransaction(deps.ds, async (em) => {
    const seen = await em.findOneBy(Message, { provider: sms.provider, providerMessageId: sms.providerMessageId });
    if (seen) return { messageId: seen.id, duplicate: true };

    const now = deps.clock.now();
    const contact = await findOrCreateContact(em, sms.from, deps.defaultTimezone, now);
    const conversation = await findOrCreateConversation(em, contact.id, now);
    reopenForInbound(conversation, now);
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
    return { messageId: inbound.id, duplicate: false };
  });
  for (const publish of events) publish();
  return result;
}
