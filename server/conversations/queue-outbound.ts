import type { ReplyChannels } from '../channels/channel-registry';
import type { EntityManager } from 'typeorm';
import { inScript, menuFor, renderTemplate, renderText, replyScript, type Ruleset } from '../../rules';
import type { Decision } from '../../rules/types';
import { Message, type Appointment, type Contact, type Conversation, type Origin, type OutboxLane } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { claimedAs } from './outbox-claim';
import { countNewMessage } from '../reports/message-rollups';
import { signedBody } from './sms-signature';
import { buildTemplateVars } from './template-vars';
import { recordPersonReply } from '../reports/episode-writes';

export interface QueueOutbound {
  contact: Contact;
  conversation: Conversation;
  /** A template key, or literal text (an agent's reply, a rule's inline reply rendered with the same variables). */
  content: { template: string; vars?: Record<string, unknown> } | { handlebars: string } | { text: string };
  origin: Exclude<Origin, 'contact'>;
  now: Date;
  /** Where replies leave from: the conversation's channel while active, else the default provider. */
  channels: ReplyChannels;
  agentId?: number | null;
  appointment?: Appointment | null;
  slots?: Array<{ option: string; startsAt: Date }>;
  /** The decision that sends it: its script is the reply's. Stored with the reply unless `decidedBy` holds it. */
  decision?: Decision | null;
  /** The customer's text whose stored decision this is: the reply links to it instead of storing a copy. */
  decidedBy?: Pick<Message, 'id'> | null;
  /** Opt-out/opt-in/help confirmations may reach an opted-out number; nothing else may. */
  compliance?: boolean;
  /** `bulk` for campaign sends, which wait behind every conversational text; default `reply`. */
  lane?: OutboxLane;
  /**
   * Written already claimed, `sending` under this lease, for this node's sender to take after commit
   * (outbox-sender.ts ReplyHandOff); absent: `queued`, for a sender to claim.
   */
  leaseUntil?: Date | null;
}

/** A row written as a claim of it would leave it (outbox-claim.ts claimedAs), its first attempt counted. */
const handedOver = (leaseUntil: Date) => ({ ...claimedAs(leaseUntil), attempts: 1 });

/** A template or text that could not be filled in (a strict template missing a variable, a refused helper). */
export class TemplateFillError extends Error {}

/**
 * The text to send, filled in before anything is written; a failure is a TemplateFillError, told apart from the
 * database's own errors (a deadlock is retried by inTransaction, an unavailable database is a 503).
 */
function writtenText(ruleset: Ruleset, q: QueueOutbound, vars: Record<string, unknown>, script: ReturnType<typeof replyScript>): string {
  try {
    return 'template' in q.content ? renderTemplate(ruleset, q.content.template, q.contact.locale, vars, script)
      : 'handlebars' in q.content ? inScript(renderText(q.content.handlebars, vars), script, q.contact.locale)
        : q.content.text;
  } catch (err) {
    throw new TemplateFillError((err as Error).message, { cause: err });
  }
}

/**
 * Writes an outbound SMS row with status `queued` inside the caller's transaction (the transactional outbox); the
 * sender delivers it after commit (or, written `sending` under `leaseUntil`, takes it from the caller then). A template that declares a menu makes the conversation await that menu, so
 * the customer's "1" is read against what was actually sent. The caller saves the conversation and, after commit,
 * publishes `message:created` and `outbox:queued`.
 *
 * Bot text follows the customer's script: the decision's (a traditional writer, a Hong Kong number), or for messages
 * no text asked for (a reminder) the contact's locale. An agent's own words are sent as typed.
 */
export async function queueOutbound(em: EntityManager, ruleset: Ruleset, q: QueueOutbound): Promise<Message> {
  const vars = { ...buildTemplateVars({ settings: ruleset.source.settings, contact: q.contact, appointment: q.appointment, slots: q.slots }), ...('vars' in q.content ? q.content.vars : {}) };
  const script = q.decision?.replyScript ?? replyScript(q.contact.locale);
  const written = writtenText(ruleset, q, vars, script);
  // The one place the 【签名】 is added, so the stored body (and its segment count, and the thread) is what the customer gets.
  // Replies leave from the channel the customer last texted; a channel switched off hands them to the default one.
  const channel = await q.channels.activeChannel(q.conversation.channelId, em);
  const providerName = channel?.provider ?? q.channels.defaultProvider.name;
  const body = signedBody(written, ruleset.source.settings, providerName);
  const message = await insertStamped(em, Message, {
    conversationId: q.conversation.id, contactId: q.contact.id, direction: 'out', origin: q.origin, body,
    channelId: channel?.id ?? null,
    provider: providerName, providerMessageId: null, errorCode: null, errorMessage: null,
    agentId: q.agentId ?? null, templateKey: 'template' in q.content ? q.content.template : null, compliance: q.compliance ?? false,
    decision: q.decidedBy ? null : q.decision ?? null, decidedById: q.decidedBy?.id ?? null, media: null,
    // Template-only providers fill their approved template from these, not from the rendered text.
    templateVars: 'template' in q.content ? vars : null, billedSegments: null, extendCode: null, lane: q.lane ?? 'reply', sentAt: null,
    ...(q.leaseUntil ? handedOver(q.leaseUntil) : { status: 'queued' as const, attempts: 0, nextAttemptAt: q.now, leaseUntil: null }),
  }, q.now);
  await countNewMessage(em, message, q.contact);
  if ('template' in q.content) {
    const awaiting = menuFor(ruleset, q.content.template, q.now.toISOString());
    if (awaiting) {
      q.conversation.awaiting = awaiting;
      q.conversation.awaitingContext = {
        ...(q.appointment ? { appointmentId: q.appointment.id } : {}),
        ...(q.slots ? { slots: Object.fromEntries(q.slots.map((s) => [s.option, s.startsAt.toISOString()])) } : {}),
      };
    }
  }
  q.conversation.lastMessageAt = q.now;
  // A person's SMS into the thread, by whatever button: the episode's first response if it is the first (episode-state.ts).
  if (q.origin === 'agent' && q.agentId) await recordPersonReply(em, q.conversation.id, q.agentId, q.now);
  return message;
}
