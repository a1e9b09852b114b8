import type { EntityManager } from 'typeorm';
import { maskPhones } from '../shared/logger';
import { sendNames } from './compliance-report';
import { cursorOf, type Cursor } from './message-list';
import { sendOf } from './rollup-keys';
import { spanInstants, type HourSpan } from './rollup-read';
import { sendCondition, storedInstant } from './stored-values';

/**
 * The opt-outs behind the compliance figures (`GET /api/reports/opt-outs`), newest first along consent_events
 * (kind, created_at): who (masked), how (source, scope), their thread, and the send it is charged to (the event's
 * `cause_message_id`, message-rollups.ts), named. `send` narrows to one send's opt-outs, as the per-send figure counts them.
 */
export interface ReportOptOut {
  id: number; at: string; source: string; scope: string; phone: string | null; contactId: number | null; conversationId: number | null;
  cause: { messageId: number; send: string; name: string } | null;
}

export async function listOptOuts(em: EntityManager, span: HourSpan, filters: { source?: string; send?: string }, page: { cursor?: Cursor | null; limit: number }): Promise<{ items: ReportOptOut[]; nextCursor: string | null }> {
  const { start, end } = spanInstants(span);
  const where = ["ce.kind = 'opt_out'", 'ce.created_at >= :start', 'ce.created_at < :end'];
  const params: Record<string, unknown> = { start, end };
  if (filters.source) { where.push('ce.source = :source'); params.source = filters.source; }
  if (filters.send) { const [sql, p] = sendCondition('cm', filters.send); where.push(sql); Object.assign(params, p); }
  if (page.cursor) { where.push('(ce.created_at < :at OR (ce.created_at = :at AND ce.id < :afterId))'); Object.assign(params, { at: page.cursor.at, afterId: page.cursor.id }); }
  const [sql, values] = em.connection.driver.escapeQueryWithParameters(`SELECT ce.id AS id, ce.created_at AS createdAt, ce.source AS source, ce.scope AS scope,
      ce.contact_id AS contactId, ct.phone AS phone, cv.id AS conversationId, cm.id AS causeId, cm.campaign_id AS campaignId, cm.template_key AS templateKey, cm.origin AS origin
    FROM consent_events ce LEFT JOIN contacts ct ON ct.id = ce.contact_id LEFT JOIN conversations cv ON cv.contact_id = ce.contact_id
      LEFT JOIN messages cm ON cm.id = ce.cause_message_id
    WHERE ${where.join(' AND ')} ORDER BY ce.created_at DESC, ce.id DESC LIMIT ${page.limit + 1}`, params);
  const rows = await em.query(sql, values) as Array<Record<string, unknown>>;
  const items: ReportOptOut[] = rows.slice(0, page.limit).map((r) => ({
    id: Number(r.id), at: storedInstant(r.createdAt).toISOString(), source: String(r.source), scope: String(r.scope),
    phone: r.phone == null ? null : maskPhones(String(r.phone)), contactId: r.contactId == null ? null : Number(r.contactId),
    conversationId: r.conversationId == null ? null : Number(r.conversationId),
    cause: r.causeId == null ? null : (() => {
      const send = sendOf({ campaignId: r.campaignId == null ? null : Number(r.campaignId), templateKey: (r.templateKey as string | null) ?? null, origin: r.origin as 'bot' });
      return { messageId: Number(r.causeId), send, name: send };
    })(),
  }));
  const names = await sendNames(em, items.flatMap((i) => (i.cause ? [i.cause.send] : [])));
  for (const i of items) if (i.cause) i.cause.name = names.get(i.cause.send) ?? i.cause.send;
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? cursorOf({ createdAt: new Date(last.at), id: last.id }) : null };
}
