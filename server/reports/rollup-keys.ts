import type { MessageStatus, Origin } from '../db/entities';
import { carrierOf, regionOf } from './number-origin';

/**
 * What the message reports count, and how each count is keyed. Pure: a writer describes the message (or consent
 * change, or complaint) as it was and as it is, and these functions say which counts move.
 *
 * Every count is kept per UTC hour: any time zone whose offset is a whole number of hours starts its local days on an
 * hour, so a local day is a sum of whole hours. Zones with a :30 or :45 offset (India, Nepal, Newfoundland, Adelaide,
 * Chatham) cannot be cut exactly on hours: for them an hour counts in the local day it begins in, so a day's edges
 * move by up to 45 minutes, and the drill-down lists use the same rounded instants so their rows match the figures.
 *
 * Each count also lands in its UTC day's row (grain 'd'), so a long range reads whole days and only its ragged edge
 * hours from the hourly rows (rollup-read.ts).
 *
 * Kinds (`kind`) and their states (`state`):
 * - `in`  — an inbound text; state `received`.
 * - `out` — an outbound text, by outcome: `pending` (queued, held, sending), `sent` (the provider took it, no final
 *   receipt yet), `delivered`, `undelivered`, `failed`, `refused` (never sent: opted out, campaign cancelled). A status
 *   change moves the count between states in the text's own created hour.
 * - `receipt` — a sent text's first final receipt, by latency bucket (state: the bucket's upper bound in seconds, or
 *   `inf`), in the text's created hour; dimension `latency` only, value the provider.
 * - `opt_out`, `opt_in` — consent changes, in their own hour; state `<source>:<scope>`.
 * - `opt_out_send` — an opt-out attributed to the send that caused it (the latest text sent to that person within 72 h
 *   before), counted in that text's created hour and slices, so opt-outs per send divide by the same sends' deliveries.
 * - `complaint` — a person's text the engine classed as a complaint (at most one per person in 72 h), in its own hour,
 *   sliced by the send it answered (as opt-outs are).
 * - `reply_send` — a text of a send (`responseSendOf`) that its person answered within 72 h, before another text of ours
 *   left for them: counted once per text, when its first reply is stored (reply-rollups.ts), in the text's created hour,
 *   dimension `send` only. Divided by the same sends' deliveries (send-responses.ts).
 * - `episode` — conversation episodes in the hour they started (episode-rollups.ts): state `started`, `handoff`,
 *   `bot` (bot-resolved), `unanswered`; dimensions `all` (value ''), `language`, and `reason` (hand-offs only).
 * - `first_resp`, `resolution` — the episodes' measured times as histograms (episode-rollups.ts), on dimensions of
 *   their own: `time` (value '') and, for resolutions, `agent` (the resolving agent's id). Kept apart from `all`,
 *   whose every read (a year's totals, the local series) would otherwise step over their hundreds of states a day.
 * - `survey` — satisfaction surveys (survey-rollups.ts), in the hour the visit was closed and its survey queued (the
 *   survey text's created hour): state `sent` (the text left: sent, delivered or undelivered) and `score:<1–5>` (the
 *   score the appointment holds, counted only while its survey counts as sent); dimensions `all` (value '') and `language`.
 * - `visit` — closed visits (visit-rollups.ts), in the hour the visit started: state `<came|no_show>:<confirmed|
 *   unconfirmed>` (confirmed: it was confirmed when closed); dimension `language` only (the totals add the languages).
 * - `reminder` — appointment reminders in the hour they were recorded, by whether their text left, lead time and
 *   outcome (reminder-rollups.ts); dimension `language`, with their text's channel and billed parts.
 * - `appt_change` — bookings, confirmations, moves and cancellations in their hour, by who made them (reminder-rollups.ts); dimension `all`.
 * - `campaign` — the campaigns report's texts in the hour they left, by status class and response (campaign-keys.ts,
 *   campaign-rollups.ts); dimension `campaign` only, value `<campaignId>|<variant>|<locale>`.
 *
 * Dimensions (`dim` = `value`), each row carrying its channel (`channel_id`, 0 = the environment's default):
 * `all` = provider · `carrier` (number-origin.ts; '' abroad) · `region` · `language` (the contact's locale) ·
 * `send` = `campaign:<id>` | `template:<key>` | the origin of a text without either (`agent`, `bot`, `system`) ·
 * `code` = `<provider>:<error code>` (only texts with a code) · `latency` (receipts only) · `answer` = `template:<key>`,
the bot's templated answers once more (the `send` slice counts them with the same template sent unprompted; the
response rate per send takes them away, as a bot's answer is no send).
 * `segments` is the billed SMS parts of texts the provider accepted (messages.billed_segments), 0 before that.
 */
const HOUR = 3_600_000;

export type Kind = 'in' | 'out' | 'receipt' | 'opt_out' | 'opt_in' | 'opt_out_send' | 'reply_send' | 'complaint' | 'episode' | 'first_resp' | 'resolution' | 'survey' | 'visit' | 'reminder' | 'appt_change' | 'campaign';
export type Dim = 'all' | 'carrier' | 'region' | 'language' | 'send' | 'code' | 'latency' | 'reason' | 'answer' | 'time' | 'agent' | 'campaign';

/**
 * The dimensions also kept per UTC calendar month (grain 'm', bucket: the month's first hour): the time histograms,
 * whose day rows hold a few hundred states each, so a year reads 12 rows per state instead of 365.
 */
export const MONTHLY_DIMS: ReadonlySet<Dim> = new Set<Dim>(['time', 'agent']);

/** The first hour (since 1970, UTC) of the UTC month that hour bucket `hour` lies in. */
export function monthOf(hour: number): number {
  const d = new Date(hour * HOUR);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / HOUR;
}
export type Outcome = 'received' | 'pending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'refused';

export interface RollupDelta { hour: number; dim: Dim; value: string; channelId: number; kind: Kind; state: string; n: number; segments: number }

/** The fields of a message that its counts depend on (a snapshot: take it before changing the row). */
export interface CountedMessage {
  createdAt: Date; direction: 'in' | 'out'; status: MessageStatus; provider: string; channelId: number | null;
  campaignId?: number | null; templateKey: string | null; origin: Origin; errorCode: string | null;
  billedSegments: number | null; providerMessageId: string | null; sentAt: Date | null; receiptAt?: Date | null;
}
export interface CountedContact { phone: string; locale: string }

export const hourOf = (at: Date) => Math.floor(at.getTime() / HOUR);

export const OUTCOMES: Record<MessageStatus, Outcome> = {
  received: 'received', queued: 'pending', held: 'pending', sending: 'pending', sent: 'sent', delivered: 'delivered',
  undelivered: 'undelivered', failed: 'failed', refused: 'refused',
};

/** Receipt latency buckets, upper bounds in seconds (a latency equal to a bound is in that bucket). */
export const LATENCY_BOUNDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400] as const;

/** @example latencyBucket(30_000) // → '30' ; latencyBucket(30_001) // → '60' */
export function latencyBucket(ms: number): string {
  const bound = LATENCY_BOUNDS.find((b) => ms <= b * 1000);
  return bound === undefined ? 'inf' : String(bound);
}

/**
 * What a text belongs to for per-send figures: its campaign, its template, or who wrote it. A test send carries its
 * campaign's template key (`campaign:<id>`) but no campaign: it is the admin's system text, in no campaign's count.
 */
export function sendOf(m: Pick<CountedMessage, 'campaignId' | 'templateKey' | 'origin'>): string {
  if (m.campaignId) return `campaign:${m.campaignId}`;
  if (m.templateKey && !m.templateKey.startsWith('campaign:')) return `template:${m.templateKey}`.slice(0, 80);
  return m.origin;
}

/** A templated answer of the bot: counted under its template in `send`, yet a reply rather than a send. */
const isBotAnswer = (m: Pick<CountedMessage, 'campaignId' | 'templateKey' | 'origin'>) => m.origin === 'bot' && sendOf(m).startsWith('template:');

/**
 * The send a text is for the response rate (send-responses.ts): a campaign, or a template we text people with
 * unprompted; null for the bot's answers, typed replies and test sends.
 * @example responseSendOf({ campaignId: null, templateKey: 'appointment_confirmed', origin: 'bot' }) // → null
 */
export function responseSendOf(m: Pick<CountedMessage, 'campaignId' | 'templateKey' | 'origin'>): string | null {
  const send = sendOf(m);
  return send.startsWith('campaign:') || (send.startsWith('template:') && !isBotAnswer(m)) ? send : null;
}

/** Billed parts count once the provider has the text (it has the provider's id): a refused or rejected text costs nothing. */
export const countedSegments = (m: CountedMessage) => (m.direction === 'out' && m.providerMessageId ? m.billedSegments ?? 0 : 0);

/** The slices of a person's number and language, shared by every kind. */
function personSlices(contact: CountedContact): Array<[Dim, string]> {
  return [['carrier', carrierOf(contact.phone)], ['region', regionOf(contact.phone)], ['language', contact.locale.slice(0, 80)]];
}

/** The counts one message adds (sign +1) or takes away (−1) as it stands. */
export function messageDeltas(m: CountedMessage, contact: CountedContact, sign: 1 | -1): RollupDelta[] {
  const hour = hourOf(m.createdAt);
  const channelId = m.channelId ?? 0;
  const kind: Kind = m.direction;
  const state = OUTCOMES[m.status];
  const segments = countedSegments(m) * sign;
  const row = (dim: Dim, value: string, k: Kind = kind, s: string = state): RollupDelta => ({ hour, dim, value, channelId, kind: k, state: s, n: sign, segments: k === kind ? segments : 0 });
  const rows = [row('all', m.provider), ...personSlices(contact).map(([dim, value]) => row(dim, value))];
  if (m.direction === 'out') rows.push(row('send', sendOf(m)));
  if (m.direction === 'out' && isBotAnswer(m)) rows.push(row('answer', sendOf(m)));
  if (m.errorCode) rows.push(row('code', `${m.provider}:${m.errorCode}`.slice(0, 80)));
  if (m.direction === 'out' && m.sentAt && m.receiptAt) rows.push(row('latency', m.provider, 'receipt', latencyBucket(m.receiptAt.getTime() - m.sentAt.getTime())));
  if (isSurveyText(m) && SURVEY_LEFT.has(m.status)) rows.push(...surveyDeltas(m.createdAt, contact.locale, 'sent', sign));
  return rows;
}

/** The counts that move when a message changes from `before` to `after` (both as they stood). */
export function changeDeltas(before: CountedMessage, after: CountedMessage, contact: CountedContact): RollupDelta[] {
  return [...messageDeltas(after, contact, 1), ...messageDeltas(before, contact, -1)];
}

/** The satisfaction survey's text (appointment-commands.ts: a visit's "complete" queues it). */
export const SURVEY_TEMPLATE = 'csat_survey';
export const isSurveyText = (m: Pick<CountedMessage, 'direction' | 'templateKey'>) => m.direction === 'out' && m.templateKey === SURVEY_TEMPLATE;
/** A survey whose text reached these could be answered (csat-figures.ts counts it as sent). */
export const SURVEY_LEFT: ReadonlySet<MessageStatus> = new Set(['sent', 'delivered', 'undelivered']);

/** A survey's count (`sent`, or `score:<n>`) in the hour it was queued, in total and in the contact's language. */
export function surveyDeltas(at: Date, locale: string, state: string, sign: 1 | -1): RollupDelta[] {
  const base = { hour: hourOf(at), channelId: 0, kind: 'survey' as const, state, n: sign, segments: 0 };
  return [{ ...base, dim: 'all', value: '' }, { ...base, dim: 'language', value: locale.slice(0, 80) }];
}

export interface CountedConsent { kind: 'opt_in' | 'opt_out'; source: string; scope: string; at: Date }

/** A consent change in its own hour, by its source and scope; a contact erased since is only counted in total. */
export function consentDeltas(event: CountedConsent, contact: CountedContact | null, sign: 1 | -1 = 1): RollupDelta[] {
  const base = { hour: hourOf(event.at), channelId: 0, kind: event.kind, state: `${event.source}:${event.scope}`.slice(0, 20), n: sign, segments: 0 };
  return [{ ...base, dim: 'all', value: '' }, ...(contact ? personSlices(contact) : []).map(([dim, value]) => ({ ...base, dim, value }))];
}

/** An opt-out (or a complaint) charged to the text that caused it: that text's hour, channel and slices. */
export function causedDeltas(kind: 'opt_out_send', cause: CountedMessage, contact: CountedContact, sign: 1 | -1 = 1): RollupDelta[] {
  const base = { hour: hourOf(cause.createdAt), channelId: cause.channelId ?? 0, kind, state: '', n: sign, segments: 0 };
  return [
    { ...base, dim: 'all', value: cause.provider }, { ...base, dim: 'send', value: sendOf(cause) },
    ...personSlices(contact).map(([dim, value]) => ({ ...base, dim, value })),
  ];
}

/** A send's text answered (reply-rollups.ts): in the text's hour and channel, on its send. */
export function replyDeltas(text: CountedMessage, sign: 1 | -1 = 1): RollupDelta[] {
  return [{ hour: hourOf(text.createdAt), dim: 'send', value: sendOf(text), channelId: text.channelId ?? 0, kind: 'reply_send', state: '', n: sign, segments: 0 }];
}

/** A complaint in its own hour, sliced by the send it answered ('none': no text of ours in the 72 h before). */
export function complaintDeltas(text: Pick<CountedMessage, 'createdAt' | 'channelId' | 'provider'>, cause: CountedMessage | null, contact: CountedContact): RollupDelta[] {
  const base = { hour: hourOf(text.createdAt), channelId: text.channelId ?? 0, kind: 'complaint' as const, state: '', n: 1, segments: 0 };
  return [
    { ...base, dim: 'all', value: text.provider }, { ...base, dim: 'send', value: cause ? sendOf(cause) : 'none' },
    ...personSlices(contact).map(([dim, value]) => ({ ...base, dim, value })),
  ];
}

/**
 * Whether a stored decision classed the text as a complaint: some key or string in it is exactly `complaint`, which is
 * what the test campaigns' take-down and tiers ask in SQL (`decision LIKE '%"complaint"%'`). Walked rather than
 * serialised: every inbound text is asked, and JSON.stringify of its decision was a cost of its own on the hot path.
 */
export const isComplaint = (decision: unknown): boolean => mentions(decision, 'complaint', 0);

function mentions(value: unknown, word: string, depth: number): boolean {
  if (typeof value === 'string') return value === word;
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  if (Array.isArray(value)) return value.some((item) => mentions(item, word, depth + 1));
  for (const key in value) {
    if (key === word || mentions((value as Record<string, unknown>)[key], word, depth + 1)) return true;
  }
  return false;
}

/** The counted fields of a message row, copied (so the row can change after). */
export function counted(m: CountedMessage): CountedMessage {
  return {
    createdAt: m.createdAt, direction: m.direction, status: m.status, provider: m.provider, channelId: m.channelId ?? null,
    campaignId: m.campaignId ?? null, templateKey: m.templateKey, origin: m.origin, errorCode: m.errorCode,
    billedSegments: m.billedSegments, providerMessageId: m.providerMessageId, sentAt: m.sentAt, receiptAt: m.receiptAt ?? null,
  };
}
