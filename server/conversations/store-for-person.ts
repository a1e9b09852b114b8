import type { HandoffReason } from '../../rules/types';
import type { InboundSms } from '../channels/sms-provider';
import { Message } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { countNewMessage } from '../reports/message-rollups';
import { countReplyToSend } from '../reports/reply-rollups';
import { aroundCampaignResponse } from '../reports/campaign-rollups';
import { handOffLine, recordActivity } from '../activity/record-activity';
import { handOff } from './conversation-state';
import { saveConversationState } from './conversation.service';
import { inInboundThread } from './inbound-thread';
import type { InboundDeps, InboundResult } from './receive-inbound';
import { toConversationView, toMessageView } from './views';
import { markHandOff } from '../reports/episode-writes';

/** Recorded on an inbound message the pipeline failed on, so the inbox can say why no answer went out. */
export const PIPELINE_ERROR = 'pipeline_error';
const ERROR_REASON: HandoffReason = 'error';

/**
 * What went wrong, short enough for the message row and without anything that could be a phone number (an error
 * may quote the statement's values): six or more digits, separators allowed, become "…".
 * @example describeFailure(new Error('Duplicate entry +8613800138000 for key')) // → 'Error: Duplicate entry … for key'
 */
export function describeFailure(err: unknown): string {
  const text = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]!;
  return text.replace(/\+?\d(?:[\s-]?\d){5,}/g, '…').slice(0, 255);
}

/**
 * The pipeline threw after the SMS was parsed (the engine, a template, an effect handler) and its transaction rolled
 * back. The customer's text must not be lost to that bug: a second, minimal transaction stores it with the error and
 * hands the thread to a person, with no reply, and the usual events let the inbox show it and round-robin assign it.
 * Like the pipeline, a provider id seen before is a no-op.
 */
export function storeForPerson(deps: InboundDeps, sms: InboundSms, failure: unknown): Promise<InboundResult> {
  return inInboundThread(deps, sms, async ({ em, now, contact, conversation, episode, events }) => {
    Object.assign(conversation, handOff(conversation, ERROR_REASON, now));
    markHandOff(episode, ERROR_REASON, now);
    const inbound = await aroundCampaignResponse(em, { contactId: contact.id, at: now }, () => insertStamped(em, Message, {
      conversationId: conversation.id, contactId: contact.id, direction: 'in', origin: 'contact', body: sms.body,
      provider: sms.provider, providerMessageId: sms.providerMessageId, status: 'received', errorCode: PIPELINE_ERROR,
      errorMessage: describeFailure(failure), agentId: null, templateKey: null, compliance: false, decision: null,
      media: sms.media.length ? sms.media : null, templateVars: null, billedSegments: null, extendCode: sms.extendCode ?? null, lane: 'reply', channelId: conversation.channelId ?? null,
      attempts: 0, nextAttemptAt: null, leaseUntil: null, sentAt: null,
    }, now));
    await countNewMessage(em, inbound, contact);
    await countReplyToSend(em, inbound);
    await saveConversationState(em, conversation);
    await recordActivity(em, events, deps.bus, conversation.id, handOffLine(ERROR_REASON), now);
    events.push(() => {
      deps.bus.emit('conversation:updated', toConversationView(conversation, contact, inbound));
      deps.bus.emit('message:created', toMessageView(inbound, contact.phone));
    });
    deps.log.warn({ messageId: inbound.id, conversationId: conversation.id }, 'inbound stored for a person after a pipeline error');
    return inbound.id;
  });
}
