import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { maskPhones } from '../shared/logger';
import { sendNames } from './compliance-report';
import { hoursAfter, instant, num, rawRows } from './raw-rows';
import { rate } from './report-math';
import type { ReportRange } from './report-range';

/**
 * Response rate per send (issue 17): unique recipients who replied within 72 h ÷ unique delivered recipients,
 * attributed to the campaign or template that caused the reply.
 *
 * - A *send* is a campaign (`campaign:<id>`, its texts) or a template we text people with unprompted
 *   (`template:<key>`: reminders, confirmations, surveys — an agent's "remind" included). The bot's templated answers
 *   are replies, not sends, and a campaign's test send belongs to no campaign: both are left out.
 * - Counted over the send's texts *delivered* whose text left (`sent_at`) in the range; a recipient counts once per
 *   send however many of its texts they got.
 * - A recipient *replied* to a text when they texted back within 72 h of it leaving and before any other text of ours
 *   left for them: a reply answers the latest text the person got, as an opt-out is charged to the latest send
 *   (message-rollups.ts causeOf). So a "1" after a reminder is the reminder's, and their next text, after the bot's
 *   answer, is nobody's send.
 */
export const RESPONSE_HOURS = 72;

/** Texts held this long before leaving are not looked for (their created_at bounds the scan to an index range). */
const LONGEST_HOLD_DAYS = 7;

type Range = Pick<ReportRange, 'start' | 'end'>;
type Raw = Record<string, string | number | Date | null>;

export type SendKind = 'campaign' | 'template';

/** `campaign:<id>` or `template:<key>`, as the compliance report's per-send table names sends. */
export function parseSend(send: string): { kind: 'campaign'; campaignId: number } | { kind: 'template'; templateKey: string } | null {
  const campaign = /^campaign:(\d{1,10})$/.exec(send);
  if (campaign) return { kind: 'campaign', campaignId: Number(campaign[1]) };
  const template = /^template:([A-Za-z0-9_.-]{1,70})$/.exec(send);
  return template ? { kind: 'template', templateKey: template[1]! } : null;
}

/** SQL joining a literal and a column as text: MariaDB's || is OR unless told otherwise, SQLite has no CONCAT before 3.44. */
const joined = (em: EntityManager, literal: string, column: string) =>
  (isMysql(em.connection) ? `CONCAT('${literal}', ${column})` : `('${literal}' || ${column})`);

/** SQL: the send a text `m` belongs to, or null for a text that is none (a bot answer, a typed reply, a test send). */
const sendKeySql = (em: EntityManager) => `CASE WHEN m.campaign_id IS NOT NULL THEN ${joined(em, 'campaign:', 'm.campaign_id')}
  WHEN m.template_key IS NOT NULL AND m.origin <> 'bot' AND m.template_key NOT LIKE 'campaign:%' THEN ${joined(em, 'template:', 'm.template_key')} END`;

/** The texts counted, as SQL over messages `m`: delivered, left in the range, and belonging to a send (or to `only`). */
function countedTexts(em: EntityManager, only: ReturnType<typeof parseSend>): { where: string; key: string } {
  const key = sendKeySql(em);
  const base = `m.direction = 'out' AND m.status = 'delivered' AND m.sent_at >= :start AND m.sent_at < :end
    AND m.created_at >= :since AND m.created_at < :end`;
  if (!only) return { key, where: `${base} AND (${key}) IS NOT NULL` };
  if (only.kind === 'campaign') return { key, where: `${base} AND m.campaign_id = :campaignId` };
  return { key, where: `${base} AND m.campaign_id IS NULL AND m.origin <> 'bot' AND m.template_key = :templateKey` };
}

/**
 * SQL: the first reply (its id) that answers text `m` — within 72 h, before any other text of ours left for them.
 * A later text is one that left after `m` (or in the same instant and written after it) and was written before the
 * reply: the bot's answer to the reply itself may leave in the reply's own millisecond and must not hide it. The
 * replies are sought by (conversation_id, direction, created_at) (migration 1764900005000): a handful of rows per
 * text, where the thread's (conversation_id, id) read every later text of the thread and (direction, created_at)
 * every customer's texts of those 72 hours (3 s for a month at a million messages; scripts/bench/send-responses.ts).
 */
function firstReplySql(em: EntityManager): string {
  return `(SELECT rp.id FROM messages rp WHERE rp.conversation_id = m.conversation_id AND rp.direction = 'in' AND rp.id > m.id
    AND rp.created_at >= m.sent_at AND rp.created_at < ${hoursAfter(em, 'm.sent_at', RESPONSE_HOURS)}
    AND NOT EXISTS (SELECT 1 FROM messages nx WHERE nx.conversation_id = m.conversation_id AND nx.direction = 'out' AND nx.compliance = 0
      AND nx.status IN ('sent', 'delivered', 'undelivered') AND nx.id < rp.id
      AND (nx.sent_at > m.sent_at OR (nx.sent_at = m.sent_at AND nx.id > m.id)) AND nx.sent_at <= rp.created_at)
    ORDER BY rp.created_at, rp.id LIMIT 1)`;
}

const params = (range: Range, only: ReturnType<typeof parseSend>) => ({
  start: range.start, end: range.end, since: new Date(range.start.getTime() - LONGEST_HOLD_DAYS * 86_400_000),
  campaignId: only?.kind === 'campaign' ? only.campaignId : undefined, templateKey: only?.kind === 'template' ? only.templateKey : undefined,
});

export interface SendResponses { send: string; kind: SendKind; name: string; delivered: number; replied: number; responseRate: number | null }

/** Per send that delivered in the range: its unique delivered recipients, those who replied, the rate; most delivered first. */
export async function sendResponses(em: EntityManager, range: Range): Promise<SendResponses[]> {
  const { where, key } = countedTexts(em, null);
  const rows = await rawRows<Raw>(em, `SELECT ${key} AS send, COUNT(DISTINCT m.contact_id) AS delivered,
    COUNT(DISTINCT CASE WHEN ${firstReplySql(em)} IS NOT NULL THEN m.contact_id END) AS replied
    FROM messages m WHERE ${where} GROUP BY ${key}`, params(range, null));
  const names = await sendNames(em, rows.map((r) => String(r.send)));
  return rows.map((r) => {
    const send = String(r.send);
    const delivered = num(r.delivered);
    const replied = num(r.replied);
    return { send, kind: send.startsWith('campaign:') ? 'campaign' as const : 'template' as const, name: names.get(send) ?? send, delivered, replied, responseRate: rate(replied, delivered) };
  }).sort((a, b) => b.delivered - a.delivered || a.send.localeCompare(b.send));
}

/** A figure of one send whose recipients can be listed. */
export const RESPONSE_DRILL_FIGURES = ['delivered', 'replied', 'not_replied'] as const;
export type ResponseDrillFigure = (typeof RESPONSE_DRILL_FIGURES)[number];

/** One recipient of a send: their (first) text, and the reply that answered it, if one did. */
export interface RecipientResponse {
  [key: string]: string | number | null;
  contactId: number; messageId: number; sentAt: string; replyId: number | null; repliedAt: string | null;
  /** The start of the reply, phone numbers masked as the logs mask them; the page shows it as text. */
  reply: string | null;
}

/** How much of a reply the list shows: enough to see what was said, the thread has the rest. */
const REPLY_PREVIEW = 60;

/**
 * The recipients behind a send's figure, oldest text first: the same texts and replies the figure counted, so the
 * list's length is the figure. A recipient with several texts of the send is listed once, by the first that was
 * answered (or by their first text when none was).
 */
export async function recipientsBehind(em: EntityManager, range: Range, send: NonNullable<ReturnType<typeof parseSend>>, figure: ResponseDrillFigure): Promise<RecipientResponse[]> {
  const { where } = countedTexts(em, send);
  const texts = await rawRows<Raw>(em, `SELECT m.id AS messageId, m.contact_id AS contactId, m.sent_at AS sentAt, ${firstReplySql(em)} AS replyId
    FROM messages m WHERE ${where} ORDER BY m.sent_at, m.id`, params(range, send));
  const byContact = new Map<number, Raw>();
  for (const t of texts) {
    const seen = byContact.get(Number(t.contactId));
    if (!seen || (seen.replyId === null && t.replyId !== null)) byContact.set(Number(t.contactId), t);
  }
  const chosen = [...byContact.values()].filter((t) => figure === 'delivered' || (figure === 'replied') === (t.replyId !== null))
    .sort((a, b) => instant(a.sentAt as string | Date).getTime() - instant(b.sentAt as string | Date).getTime() || Number(a.messageId) - Number(b.messageId));
  const replyIds = chosen.flatMap((t) => (t.replyId === null ? [] : [Number(t.replyId)]));
  const replies = new Map<number, Raw>();
  for (let i = 0; i < replyIds.length; i += 500) {
    const found = await rawRows<Raw>(em, 'SELECT id, body, created_at AS createdAt FROM messages WHERE id IN (:...ids)', { ids: replyIds.slice(i, i + 500) });
    for (const r of found) replies.set(Number(r.id), r);
  }
  return chosen.map((t) => {
    const reply = t.replyId === null ? undefined : replies.get(Number(t.replyId));
    return {
      contactId: Number(t.contactId), messageId: Number(t.messageId), sentAt: instant(t.sentAt as string | Date).toISOString(),
      replyId: reply ? Number(reply.id) : null, repliedAt: reply ? instant(reply.createdAt as string | Date).toISOString() : null,
      reply: reply ? maskPhones([...String(reply.body ?? '')].slice(0, REPLY_PREVIEW).join('')) : null,
    };
  });
}
