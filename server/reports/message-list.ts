import type { EntityManager } from 'typeorm';
import { indexHint } from '../db/index-hint';
import { isMysql } from '../db/data-source';
import { sendCondition, storedInstant, storedInstantOrNull } from './stored-values';
import { reasonFor } from '../channels/receipt-reasons';
import type { Message } from '../db/entities';
import { maskPhones } from '../shared/logger';
import { carrierOf, carrierRanges, prefixesOfRegion, regionOf, type Carrier } from './number-origin';
import { OUTCOMES, sendOf, type Outcome } from './rollup-keys';
import type { HourSpan } from './rollup-read';
import { spanInstants } from './rollup-read';

/**
 * The texts behind a delivery or compliance figure (`GET /api/reports/messages`): the same range (rounded as the
 * counts are, rollup-read.ts) and the same slices the counts are keyed by, newest first, a page at a time, numbers
 * masked as the logs mask them. Read along idx_messages_created, keyset-paged by (created_at, id).
 */
export interface MessageFilters {
  /** Outcomes (rollup-keys.ts): `failed,undelivered` is the "failed" figure; `sent,delivered,undelivered,failed` is "sent". */
  status?: Outcome[];
  direction?: 'in' | 'out';
  /** A channel id; 0 is the environment's default channel. */
  channel?: number;
  /** A carrier, or `abroad` for numbers outside mainland China. */
  carrier?: Carrier | 'abroad';
  region?: string;
  /** An error code, or `<provider>:<code>` as the report's failure reasons name it. */
  code?: string;
  /** `campaign:<id>`, `template:<key>`, or the origin of a text with neither (agent, bot, system). */
  send?: string;
  language?: string;
  /** Only texts the engine classed as complaints (the complaints figure). */
  complaint?: boolean;
}

export interface ReportMessage {
  id: number; conversationId: number; direction: 'in' | 'out'; origin: string; status: string; outcome: Outcome;
  phone: string; carrier: string; region: string; language: string; channelId: number; provider: string; send: string | null;
  errorCode: string | null; errorReason: { zh: string; en: string } | null; billedSegments: number | null;
  createdAt: string; sentAt: string | null; receiptAt: string | null; preview: string;
}

const STATUSES_OF = (outcomes: Outcome[]) => Object.entries(OUTCOMES).filter(([, o]) => outcomes.includes(o)).map(([s]) => s);
const PREVIEW = 70;

/** SQL conditions over `m` (messages) and `ct` (contacts) with their named parameters. */
class Where {
  readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};
  private n = 0;
  add(sql: string, params: Record<string, unknown> = {}): this { this.parts.push(sql); Object.assign(this.params, params); return this; }
  /** A fresh parameter name holding `value`. */
  param(value: unknown): string { const name = `p${this.n++}`; this.params[name] = value; return `:${name}`; }
  anyPrefix(column: string, prefixes: string[]): string {
    return prefixes.length ? `(${prefixes.map((p) => `${column} LIKE ${this.param(`${p}%`)}`).join(' OR ')})` : '1 = 0';
  }
}

function applyFilters(w: Where, f: MessageFilters): void {
  if (f.status?.length) w.add('m.status IN (:...statuses)', { statuses: STATUSES_OF(f.status) });
  if (f.direction) w.add('m.direction = :direction', { direction: f.direction });
  if (f.channel !== undefined) w.add(f.channel === 0 ? 'm.channel_id IS NULL' : 'm.channel_id = :channel', { channel: f.channel });
  if (f.carrier !== undefined) applyCarrier(w, f.carrier);
  if (f.region !== undefined) w.add(w.anyPrefix('ct.phone', prefixesOfRegion(f.region)));
  if (f.code !== undefined) {
    const at = f.code.indexOf(':');
    if (at > 0) w.add('m.provider = :codeProvider AND m.error_code = :code', { codeProvider: f.code.slice(0, at), code: f.code.slice(at + 1) });
    else w.add('m.error_code = :code', { code: f.code });
  }
  if (f.send !== undefined) applySend(w, f.send);
  if (f.language !== undefined) w.add('ct.locale = :language', { language: f.language });
}

/** A carrier as number-origin.ts tells it: its prefixes on an 11-digit mainland mobile number; `abroad`: not +86. */
function applyCarrier(w: Where, carrier: Carrier | 'abroad'): void {
  if (carrier === 'abroad') { w.add('ct.phone NOT LIKE :cn', { cn: '+86%' }); return; }
  const { anyOf, noneOf } = carrierRanges(carrier);
  const none = noneOf.map((p) => `ct.phone NOT LIKE ${w.param(`${p}%`)}`).join(' AND ');
  // cn_other: +86 and not a known mobile range (not 11 digits, or none of the prefixes).
  if (carrier === 'cn_other') w.add(`ct.phone LIKE :cn AND (LENGTH(ct.phone) <> 14 OR (${none}))`, { cn: '+86%' });
  else w.add(`LENGTH(ct.phone) = 14 AND ${w.anyPrefix('ct.phone', anyOf)}${none ? ` AND ${none}` : ''}`);
}

function applySend(w: Where, send: string): void {
  const [sql, params] = sendCondition('m', send);
  w.add(sql, params);
}

/**
 * Where a page is read from, newest first: the counted complaints (few) for the complaints figure; otherwise the
 * messages along the index that fits — one failure code's (error_code, created_at), one campaign's own texts, or
 * (created_at) for everything else, where the filters are a large enough share of the texts that the page fills
 * after a short walk. Named outright (FORCE INDEX, INDEXED BY): left to itself, a planner takes the status or the
 * provider index and sorts every matching text of the year before answering 50 of them.
 */
function sourceOf(f: MessageFilters, mysql: boolean): { from: string; at: string; id: string } {
  const hint = (index: string) => indexHint(mysql, index);
  if (f.complaint) return { from: 'complaint_events cpl INNER JOIN messages m ON m.id = cpl.message_id', at: 'cpl.created_at', id: 'cpl.message_id' };
  if (f.code !== undefined) return { from: `messages m ${hint('idx_messages_code')}`, at: 'm.created_at', id: 'm.id' };
  if (f.send?.startsWith('campaign:')) return { from: `messages m ${hint('uq_messages_campaign_contact')}`, at: 'm.created_at', id: 'm.id' };
  return { from: `messages m ${hint('idx_messages_created')}`, at: 'm.created_at', id: 'm.id' };
}

export interface Cursor { at: Date; id: number }
/** `<created_at ms>.<id>` of the last row of a page. */
export const cursorOf = (m: { createdAt: Date; id: number }) => `${m.createdAt.getTime()}.${m.id}`;
export function parseCursor(text: string): Cursor | null {
  const match = /^(\d{1,15})\.(\d{1,10})$/.exec(text);
  return match ? { at: new Date(Number(match[1])), id: Number(match[2]) } : null;
}

const COLUMNS = `m.id AS id, m.conversation_id AS conversationId, m.direction AS direction, m.origin AS origin, m.status AS status,
  m.provider AS provider, m.channel_id AS channelId, m.campaign_id AS campaignId, m.template_key AS templateKey, m.error_code AS errorCode,
  m.billed_segments AS billedSegments, m.body AS body, m.created_at AS createdAt, m.sent_at AS sentAt, m.receipt_at AS receiptAt,
  ct.phone AS phone, ct.locale AS locale`;

/** One page of the texts behind a figure, and where the next page starts (null: none). */
export async function listMessages(em: EntityManager, span: HourSpan, filters: MessageFilters, page: { cursor?: Cursor | null; limit: number }): Promise<{ items: ReportMessage[]; nextCursor: string | null }> {
  const { start, end } = spanInstants(span);
  const source = sourceOf(filters, isMysql(em.connection));
  const w = new Where().add(`${source.at} >= :start AND ${source.at} < :end`, { start, end });
  applyFilters(w, filters);
  if (page.cursor) w.add(`(${source.at} < :at OR (${source.at} = :at AND ${source.id} < :afterId))`, { at: page.cursor.at, afterId: page.cursor.id });
  const [sql, params] = em.connection.driver.escapeQueryWithParameters(`SELECT ${COLUMNS} FROM ${source.from} INNER JOIN contacts ct ON ct.id = m.contact_id
    WHERE ${w.parts.join(' AND ')} ORDER BY ${source.at} DESC, ${source.id} DESC LIMIT ${page.limit + 1}`, w.params);
  const rows = (await em.query(sql, params) as Array<Record<string, unknown>>).map(rowOf);
  const items = rows.slice(0, page.limit).map(view);
  return { items, nextCursor: rows.length > page.limit ? cursorOf(rows[page.limit - 1]!) : null };
}

type Row = Pick<Message, 'id' | 'conversationId' | 'direction' | 'origin' | 'status' | 'provider' | 'channelId' | 'campaignId' | 'templateKey'
  | 'errorCode' | 'billedSegments' | 'body' | 'createdAt' | 'sentAt' | 'receiptAt'> & { phone: string; locale: string };

const num = (v: unknown) => (v == null ? null : Number(v));

function rowOf(r: Record<string, unknown>): Row {
  return {
    id: Number(r.id), conversationId: Number(r.conversationId), direction: r.direction as Row['direction'], origin: r.origin as Row['origin'],
    status: r.status as Row['status'], provider: String(r.provider), channelId: num(r.channelId), campaignId: num(r.campaignId),
    templateKey: (r.templateKey as string | null) ?? null, errorCode: (r.errorCode as string | null) ?? null, billedSegments: num(r.billedSegments),
    body: String(r.body ?? ''), createdAt: storedInstant(r.createdAt), sentAt: storedInstantOrNull(r.sentAt), receiptAt: storedInstantOrNull(r.receiptAt),
    phone: String(r.phone), locale: String(r.locale),
  };
}

function view(m: Row): ReportMessage {
  return {
    id: m.id, conversationId: m.conversationId, direction: m.direction, origin: m.origin, status: m.status, outcome: OUTCOMES[m.status],
    phone: maskPhones(m.phone), carrier: carrierOf(m.phone), region: regionOf(m.phone), language: m.locale,
    channelId: m.channelId ?? 0, provider: m.provider, send: m.direction === 'out' ? sendOf(m) : null,
    errorCode: m.errorCode, errorReason: reasonFor(m.provider, m.errorCode), billedSegments: m.billedSegments,
    createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null, receiptAt: m.receiptAt?.toISOString() ?? null,
    preview: maskPhones([...m.body].slice(0, PREVIEW).join('')),
  };
}

