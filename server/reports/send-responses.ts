import type { EntityManager } from 'typeorm';
import { maskPhones } from '../shared/logger';
import { sendNames } from './compliance-report';
import { instant, rawRows } from './raw-rows';
import { answeringReplySql, RESPONSE_HOURS, RESPONSE_SEND_SQL } from './reply-rollups';
import { rate } from './report-math';
import type { ReportRange } from './report-range';
import { spanInstants, spanOf, sumsBy } from './rollup-read';

/**
 * Response rate per send (issue 17): recipients who replied within 72 h ÷ delivered recipients, attributed to the
 * campaign or template that caused the reply, read from the roll-ups (`reply_send` over `out`/delivered, per send).
 *
 * - A *send* is a campaign (`campaign:<id>`, its texts) or a template we text people with unprompted
 *   (`template:<key>`: reminders, confirmations, surveys — an agent's "remind" included). The bot's templated answers
 *   are replies, not sends (the roll-ups' `answer` slice takes them out of their template), and a campaign's test send
 *   belongs to no campaign: both are left out.
 * - Each delivered text is one recipient of its send, counted in the hour it was written (the range's whole hours, as
 *   every roll-up figure), as the opt-out rate per send counts them: so figures add up over sends and ranges, and a
 *   person reminded twice is two recipients (exact "unique people over any range" cannot be summed from hours).
 * - A text is *answered* when its person texted back less than 72 h after it left and before any other text of ours
 *   left for them; counted once however many times they wrote (reply-rollups.ts). So a "1" after a reminder is the
 *   reminder's, and their next text, after the bot's answer, is nobody's send.
 */
export { RESPONSE_HOURS };

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

export interface SendResponses { send: string; kind: SendKind; name: string; delivered: number; replied: number; responseRate: number | null }

const isSend = (value: string) => value.startsWith('campaign:') || value.startsWith('template:');

/** Per send that delivered (or was answered) in the range: its delivered texts, those answered, the rate; most delivered first. */
export async function sendResponses(em: EntityManager, range: Range): Promise<SendResponses[]> {
  const span = spanOf(range);
  const [sends, answers] = await Promise.all([sumsBy(em, span, 'send', ['out', 'reply_send']), sumsBy(em, span, 'answer', ['out'])]);
  const delivered = new Map<string, number>();
  const replied = new Map<string, number>();
  const add = (into: Map<string, number>, value: string, n: number) => into.set(value, (into.get(value) ?? 0) + n);
  for (const s of sends) {
    if (!isSend(s.value)) continue;
    if (s.kind === 'reply_send') add(replied, s.value, s.n);
    else if (s.state === 'delivered') add(delivered, s.value, s.n);
  }
  for (const a of answers) if (a.state === 'delivered') add(delivered, a.value, -a.n);
  const keys = [...new Set([...delivered.keys(), ...replied.keys()])].filter((k) => (delivered.get(k) ?? 0) > 0 || (replied.get(k) ?? 0) > 0);
  const names = await sendNames(em, keys);
  return keys.map((send) => {
    const d = delivered.get(send) ?? 0;
    const r = replied.get(send) ?? 0;
    return { send, kind: send.startsWith('campaign:') ? 'campaign' as const : 'template' as const, name: names.get(send) ?? send, delivered: d, replied: r, responseRate: rate(r, d) };
  }).sort((a, b) => b.delivered - a.delivered || a.send.localeCompare(b.send));
}

/** The texts of one send behind its figures, as SQL over messages `m`: written in the range's whole hours, delivered. */
function sendTexts(only: NonNullable<ReturnType<typeof parseSend>>): string {
  const base = `m.direction = 'out' AND m.status = 'delivered' AND m.created_at >= :start AND m.created_at < :end AND ${RESPONSE_SEND_SQL}`;
  return only.kind === 'campaign' ? `${base} AND m.campaign_id = :campaignId` : `${base} AND m.campaign_id IS NULL AND m.template_key = :templateKey`;
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
 * The recipients behind a send's figure, oldest text first: the same texts and replies the figure counted (the rule of
 * reply-rollups.ts seen from each text), so the list's length is the figure. A person with several texts of the send
 * is listed once per text, as the figure counts them.
 */
export async function recipientsBehind(em: EntityManager, range: Range, send: NonNullable<ReturnType<typeof parseSend>>, figure: ResponseDrillFigure): Promise<RecipientResponse[]> {
  const { start, end } = spanInstants(spanOf(range));
  const texts = await rawRows<Raw>(em, `SELECT m.id AS messageId, m.contact_id AS contactId, m.sent_at AS sentAt, ${answeringReplySql(em)} AS replyId
    FROM messages m WHERE ${sendTexts(send)} ORDER BY m.sent_at, m.id`, {
    start, end, campaignId: send.kind === 'campaign' ? send.campaignId : undefined, templateKey: send.kind === 'template' ? send.templateKey : undefined,
  });
  const chosen = texts.filter((t) => figure === 'delivered' || (figure === 'replied') === (t.replyId !== null));
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
