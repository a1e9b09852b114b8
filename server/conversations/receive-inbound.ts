import type { ChannelRegistry, ReplyChannels } from '../channels/channel-registry';
import type { DataSource, EntityManager } from 'typeorm';
import { evaluate } from '../../rules';
import type { EvaluateInput } from '../../rules/types';
import type { RulesetCache } from '../admin/ruleset-cache';
import type { InboundSms } from '../channels/sms-provider';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { Message } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { countComplaint, countNewMessage } from '../reports/message-rollups';
import { countReplyToSend } from '../reports/reply-rollups';
import { aroundCampaignResponse } from '../reports/campaign-rollups';
import type { EventBus } from '../events/event-bus';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { isStaleFacts } from '../appointments/sms-replies';
import { applyDecision } from './apply-decision';
import { saveConversationState } from './conversation.service';
import type { DecisionContext } from './decision-context';
import { gatherFacts } from './gather-facts';
import { findOrCreateConversation, inInboundThread } from './inbound-thread';
import { storeForPerson } from './store-for-person';
import { campaignNamesOf, campaignOf } from './campaign-names';
import { toConversationView, toMessageView } from './views';
import { awaitCampaignByCode } from './campaign-reply-code';
import type { HuixinMetrics } from '../metrics/huixin-metrics';
import type { ReplyHandOff } from './outbox-sender';

export interface InboundDeps {
  ds: DataSource;
  rulesets: RulesetCache;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  defaultTimezone: string;
  /** Which channel a text came in on, and which the replies leave from, from memory (no query per inbound). */
  channels: Pick<ChannelRegistry, 'texted'> & ReplyChannels;
  /** Texts and decisions counted for /metrics, once committed; null when metrics are off. */
  metrics: Pick<HuixinMetrics, 'inbound' | 'decided'> | null;
  /** This node's sender, which takes the bot's replies at commit; absent, they are queued for whichever sender claims them. */
  replies?: ReplyHandOff;
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
    return counted(deps, sms, await decideAndStore(deps, sms), 'stored');
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    deps.log.error({ err, provider: sms.provider, providerMessageId: sms.providerMessageId }, 'inbound pipeline failed');
    return counted(deps, sms, await storeForPerson(deps, sms, err), 'pipeline_error');
  }
}

/** A provider's repeat of an id stored before counts as a duplicate, whichever path found it. */
function counted(deps: InboundDeps, sms: InboundSms, result: InboundResult, outcome: 'stored' | 'pipeline_error'): InboundResult {
  deps.metrics?.inbound(sms.provider, result.duplicate ? 'duplicate' : outcome);
  return result;
}

/**
 * If applying finds the world changed since the facts were gathered (the decided slot was taken a moment ago, the
 * appointment cancelled by an agent), everything rolls back and the text is decided once more on fresh facts: the
 * decision stored is always exactly what was done and sent.
 */
async function decideAndStore(deps: InboundDeps, sms: InboundSms): Promise<InboundResult> {
  try {
    return await decideOnce(deps, sms);
  } catch (err) {
    if (!isStaleFacts(err)) throw err;
    deps.log.info({ err, provider: sms.provider, providerMessageId: sms.providerMessageId }, 'facts changed while applying; deciding again');
    return decideOnce(deps, sms);
  }
}

async function decideOnce(deps: InboundDeps, sms: InboundSms): Promise<InboundResult> {
  return inInboundThread(deps, sms, async ({ em, now, contact, conversation, episode, events, newThread, newContact, hadInbound, rulesetVersion }) => {
    // The version was read with the thread's first statement: no round trip of its own (admin/ruleset-cache.ts).
    const ruleset = await deps.rulesets.atVersion(rulesetVersion, em);
    // Facts in, decision out: everything the engine may need is looked up first, so the inbound row is stored once,
    // already carrying the decision that followed it.
    const settings = ruleset.source.settings;
    const timezone = contact.timezone || settings.timezone;
    await awaitCampaignByCode(em, conversation, contact.id, sms.extendCode, now);
    const facts = await gatherFacts(em, {
      settings, now, timezone, contactId: contact.id, newContact, awaiting: conversation.awaiting, awaitingContext: conversation.awaitingContext, text: sms.body,
    });
    const input: EvaluateInput = {
      text: sms.body, now: now.toISOString(), timezone, facts,
      contact: { optedOut: contact.optedOut, tags: contact.tags, locale: contact.locale },
      conversation: { handledBy: conversation.handledBy, ...(conversation.awaiting ? { awaiting: conversation.awaiting } : {}), firstMessage: newThread || !hadInbound },
    };
    const decision = evaluate(ruleset, input);
    // A reply, and a booking answering a campaign, move the campaigns report's counts of the texts they answer; a
    // thread this text opened holds no campaign text yet, so a new customer's text looks for none.
    const store = () => insertStamped(em, Message, {
      conversationId: conversation.id, contactId: contact.id, direction: 'in', origin: 'contact', body: sms.body,
      provider: sms.provider, providerMessageId: sms.providerMessageId, status: 'received', errorCode: null, errorMessage: null,
      agentId: null, templateKey: null, compliance: false, decision, media: sms.media.length ? sms.media : null,
      templateVars: null, billedSegments: null, extendCode: sms.extendCode ?? null, lane: 'reply', channelId: conversation.channelId ?? null,
      attempts: 0, nextAttemptAt: null, leaseUntil: null, sentAt: null, answersCampaignId: decision.campaignId ?? null,
    }, now);
    const inbound = newThread ? await store() : await aroundCampaignResponse(em, { contactId: contact.id, at: now, campaignId: decision.campaignId }, store);
    await countNewMessage(em, inbound, contact);
    // A thread this text opened has no text of ours for it to answer: one statement fewer for every new customer.
    if (!newThread) await countReplyToSend(em, inbound);
    await countComplaint(em, inbound, contact);
    const ctx: DecisionContext = { em, ruleset, now, contact, conversation, episode, inbound, decision, outbound: [], events, bus: deps.bus, channels: deps.channels,
      replyLease: deps.replies?.leaseFor(now) ?? null };
    await applyDecision(ctx);
    await saveConversationState(em, conversation);
    const campaigns = await campaignNamesOf(em, [inbound]);

    events.push(() => {
      // The list first: every agent's row moves at once, the thread's messages follow for those who show it.
      // It carries its newest message, so a row that appears live shows its preview at once.
      deps.bus.emit('conversation:updated', toConversationView(conversation, contact, ctx.outbound.at(-1) ?? inbound));
      deps.bus.emit('message:created', toMessageView(inbound, contact.phone, campaignOf(inbound, campaigns)));
      for (const out of ctx.outbound) deps.bus.emit('message:created', toMessageView(out, contact.phone, undefined, out.decidedById === inbound.id ? decision : null));
      const handed = ctx.outbound.filter((out) => out.status === 'sending');
      if (handed.length) deps.replies!.take(handed.map((row) => ({ row, contact, recovering: false })));
      if (handed.length < ctx.outbound.length) deps.bus.emit('outbox:queued', undefined);
      deps.metrics?.decided(decision.trace.stage, decision.action);
    });
    deps.log.info({ messageId: inbound.id, phone: contact.phone, action: decision.action, stage: decision.trace.stage }, 'inbound handled');
    return inbound.id;
  });
}
