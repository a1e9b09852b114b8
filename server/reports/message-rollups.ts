import type { EntityManager } from 'typeorm';
import { ComplaintEvent, type Message } from '../db/entities';
import { changeDeltas, complaintDeltas, consentDeltas, counted, causedDeltas, isComplaint, messageDeltas, type CountedConsent, type CountedContact, type CountedMessage, type RollupDelta } from './rollup-keys';
import { countRollups } from './rollup-store';
import { countReminderTextChanges } from './reminder-rollups';
import { countSurveyTextChanges } from './survey-rollups';
import { countCampaignTextChanges } from './campaign-rollups';
import { storedInstant, storedInstantOrNull } from './stored-values';

/**
 * What writers call, in the transaction of their change, so the reports stay current (rollup-keys.ts says what is
 * counted). Every place that stores a message or changes its status, segments or error code calls one of these.
 */

export const countNewMessage = (em: EntityManager, message: CountedMessage, contact: CountedContact) =>
  countRollups(em, messageDeltas(message, contact, 1));

/** Many new messages (a campaign batch): one grouped write, however many rows. */
export const countNewMessages = (em: EntityManager, rows: Array<{ message: CountedMessage; contact: CountedContact }>) =>
  countRollups(em, rows.flatMap((r) => messageDeltas(r.message, r.contact, 1)));

/**
 * Messages changed, each from `before` (a snapshot taken with `counted()` before the change) to `after` (the row, whose
 * id and contact a survey text's score, a reminder's and a campaign text's counts need: survey-rollups.ts,
 * reminder-rollups.ts, campaign-rollups.ts). The sender's outcomes and a provider's receipts come many at once: their
 * survey, reminder and campaign texts are read together, not one text at a time.
 */
export async function countMessageChanges(em: EntityManager, changes: Array<{ before: CountedMessage; after: CountedMessage & { id?: number; contactId?: number }; contact: CountedContact }>): Promise<void> {
  const deltas: RollupDelta[] = [];
  for (const { before, after, contact } of changes) for (const d of changeDeltas(before, counted(after), contact)) deltas.push(d);
  await countRollups(em, deltas);
  await countSurveyTextChanges(em, changes.map((c) => ({ ...c, locale: c.contact.locale })));
  await countReminderTextChanges(em, changes);
  await countCampaignTextChanges(em, changes);
}

/** How long after a text an opt-out or a complaint is still charged to it. */
export const ATTRIBUTION_HOURS = 72;
const HOUR = 3_600_000;

export const CAUSE_COLUMNS = `m.id, m.created_at AS createdAt, m.direction, m.status, m.provider, m.channel_id AS channelId, m.campaign_id AS campaignId,
  m.template_key AS templateKey, m.origin, m.error_code AS errorCode, m.billed_segments AS billedSegments,
  m.provider_message_id AS providerMessageId, m.sent_at AS sentAt, m.receipt_at AS receiptAt`;

/** A raw row of CAUSE_COLUMNS as a CountedMessage (instants come back as text on SQLite). */
export function countedFromRaw(raw: Record<string, unknown>): CountedMessage & { id: number } {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    id: Number(raw.id), createdAt: storedInstant(raw.createdAt), direction: raw.direction as 'in' | 'out', status: raw.status as Message['status'],
    provider: String(raw.provider), channelId: num(raw.channelId), campaignId: num(raw.campaignId), templateKey: (raw.templateKey as string | null) ?? null,
    origin: raw.origin as Message['origin'], errorCode: (raw.errorCode as string | null) ?? null, billedSegments: num(raw.billedSegments),
    providerMessageId: (raw.providerMessageId as string | null) ?? null, sentAt: storedInstantOrNull(raw.sentAt), receiptAt: storedInstantOrNull(raw.receiptAt),
  };
}

/**
 * The send that caused a person's opt-out or complaint at `at`: the latest text of ours (not a compliance answer)
 * sent to them within ATTRIBUTION_HOURS before, that the provider took or delivered. Read along the thread's
 * (conversation_id, id) index, newest first.
 */
export async function causeOf(em: EntityManager, contactId: number, at: Date): Promise<(CountedMessage & { id: number }) | null> {
  const since = new Date(at.getTime() - ATTRIBUTION_HOURS * HOUR);
  const [query, params] = em.connection.driver.escapeQueryWithParameters(`SELECT ${CAUSE_COLUMNS} FROM messages m
    WHERE m.conversation_id = (SELECT cv.id FROM conversations cv WHERE cv.contact_id = :contactId) AND m.direction = 'out' AND m.compliance = 0
      AND m.status IN ('sent', 'delivered') AND m.sent_at >= :since AND m.sent_at <= :at
    ORDER BY m.id DESC LIMIT 1`, { contactId, since, at });
  const [row] = await em.query(query, params) as Record<string, unknown>[];
  return row ? countedFromRaw(row) : null;
}

/**
 * A consent change, in the transaction that records it: counted in its hour; an opt-out also charged to the send that
 * caused it, whose id is answered for the event to keep. `contact` null: the number was erased, counted in total only.
 * An import's refusals are no send's doing.
 */
export async function countConsentChange(em: EntityManager, contactId: number | null, contact: CountedContact | null, change: CountedConsent): Promise<number | null> {
  const deltas = consentDeltas(change, contact);
  const cause = change.kind === 'opt_out' && contactId && contact && change.source !== 'import' ? await causeOf(em, contactId, change.at) : null;
  if (cause && contact) deltas.push(...causedDeltas('opt_out_send', cause, contact));
  await countRollups(em, deltas);
  return cause?.id ?? null;
}

/**
 * A text the engine classed as a complaint, in the transaction that stores it: one per person per 72 hours (an angry
 * customer texting six times is one complaint), charged to the send it answered.
 */
export async function countComplaint(em: EntityManager, text: Pick<Message, 'id' | 'conversationId' | 'contactId' | 'createdAt' | 'channelId' | 'provider' | 'decision'>, contact: CountedContact): Promise<void> {
  if (!isComplaint(text.decision)) return;
  if (await complainedBefore(em, text)) return;
  const cause = await causeOf(em, text.contactId, text.createdAt);
  await countRollups(em, complaintDeltas(text, cause, contact));
  await em.createQueryBuilder().insert().into(ComplaintEvent).values({
    messageId: text.id, contactId: text.contactId, conversationId: text.conversationId, causeMessageId: cause?.id ?? null, createdAt: text.createdAt,
  }).updateEntity(false).execute();
}

async function complainedBefore(em: EntityManager, text: Pick<Message, 'id' | 'conversationId' | 'createdAt'>): Promise<boolean> {
  const since = new Date(text.createdAt.getTime() - ATTRIBUTION_HOURS * HOUR);
  const [query, params] = em.connection.driver.escapeQueryWithParameters(`SELECT 1 AS found FROM messages p WHERE p.conversation_id = :conversationId
    AND p.id < :id AND p.direction = 'in' AND p.created_at >= :since AND p.decision LIKE '%"complaint"%' LIMIT 1`,
  { conversationId: text.conversationId, id: text.id, since });
  return ((await em.query(query, params)) as unknown[]).length > 0;
}
