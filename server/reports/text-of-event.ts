import type { EntityManager } from 'typeorm';
import { rawRows } from './raw-rows';

/**
 * Pairs appointment events with the SMS each one sent. A reminder ('reminded') and a survey ('completed') queue their
 * text in the same transaction as the event, stamped with the same instant (job-handlers.ts, appointment-commands.ts
 * pass one `now` to both). The messages row has no appointment column, so the contact and that instant are what tie
 * an event to its text; two events of one contact at one instant (two visits closed by one job run) take that
 * instant's texts in id order.
 */
/**
 * SQL for the same pairing read from one side: how many of the contact's `kind` events at the instant `at` come
 * before event `id` (its place, and so its text's place among the texts of that instant). `contactId`, `at` and `id`
 * are SQL expressions or placeholders of the caller's statement; `kind` is one of the two event kinds, never input.
 */
export const earlierEventsSql = (kind: 'reminded' | 'completed', contactId: string, at: string, id: string): string =>
  `(SELECT COUNT(*) FROM appointment_events p JOIN appointments pa ON pa.id = p.appointment_id
    WHERE pa.contact_id = ${contactId} AND p.kind = '${kind}' AND p.at = ${at} AND p.id < ${id})`;

export function pairTexts<E extends { contactId: number; at: Date }, T extends { contactId: number; createdAt: Date }>(
  events: E[], texts: T[]): Map<E, T | null> {
  const key = (contactId: number, at: Date) => `${contactId}@${at.getTime()}`;
  const waiting = new Map<string, T[]>();
  for (const t of texts) {
    const k = key(t.contactId, t.createdAt);
    waiting.set(k, [...(waiting.get(k) ?? []), t]);
  }
  return new Map(events.map((e) => [e, waiting.get(key(e.contactId, e.at))?.shift() ?? null]));
}

/**
 * Every (contact, instant) of `texts` in one condition, to read their events and texts together (the sender records
 * hundreds of outcomes at once): `where(contactColumn, instantColumn)` and its parameters, and `texts(columns)`, the
 * outbound texts of `template` at those instants in id order (the side pairTexts takes them from).
 */
export function atContactInstants(em: EntityManager, texts: Array<{ contactId: number; createdAt: Date }>, template: string) {
  const keys = [...new Map(texts.map((t) => [`${t.contactId}@${t.createdAt.getTime()}`, t])).values()];
  const where = (contact: string, instant: string) => `(${keys.map((_, i) => `(${contact} = :contact${i} AND ${instant} = :at${i})`).join(' OR ')})`;
  const params: Record<string, unknown> = Object.fromEntries(keys.flatMap((k, i) => [[`contact${i}`, k.contactId], [`at${i}`, k.createdAt]]));
  return {
    where, params,
    texts: (columns: string) => rawRows<Record<string, unknown>>(em, `SELECT ${columns} FROM messages m
      WHERE m.template_key = :template AND m.direction = 'out' AND ${where('m.contact_id', 'm.created_at')} ORDER BY m.id`, { ...params, template }),
  };
}
