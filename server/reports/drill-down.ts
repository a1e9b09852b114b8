import type { Response } from 'express';
import type { EntityManager } from 'typeorm';
import { contactSummaries } from '../appointments/appointment-list';
import { maskPhones } from '../shared/logger';
import { rowsOf, sendCsvTable, type Cell } from './report-csv';

/** Who a drill-down row is about, phone masked as the logs mask it (138****8000), with the thread to open. */
export interface ContactCells { [key: string]: Cell; contactId: number; contactName: string | null; phone: string; conversationId: number | null }

export async function contactCells(em: EntityManager, contactIds: number[]): Promise<Map<number, ContactCells>> {
  const summaries = await contactSummaries(em, [...new Set(contactIds)]);
  return new Map([...summaries].map(([id, c]) => [id, { contactId: id, contactName: c.name, phone: maskPhones(c.phone), conversationId: c.conversationId }]));
}

export interface Page { format: 'json' | 'csv'; offset: number; limit: number }

/** The most rows one CSV export of a drill-down carries (two years of a busy clinic's reminders are fewer); `total` in the JSON says how many there are. */
export const CSV_ROWS = 100_000;

export interface ListShape<R, I> { name: string; columns: readonly string[]; item: (row: R) => I }

/**
 * Answers a drill-down list from the very rows its figure counted: a page of them as JSON (`total`, `nextOffset`
 * null on the last page), or every row as CSV (`columns` in order). Contacts are looked up for the rows sent only.
 */
export function sendRows<R extends { contactId: number }, I extends Record<string, Cell>>(
  res: Response, em: EntityManager, rows: R[], page: Page, list: ListShape<R, I>,
): Promise<void> {
  const chosen = page.format === 'csv' ? rows.slice(0, CSV_ROWS) : rows.slice(page.offset, page.offset + page.limit);
  return sendPage(res, em, { rows: chosen, total: rows.length }, page, list);
}

/** The same for a page the caller already cut (in SQL), with the total it counted. */
export async function sendPage<R extends { contactId: number }, I extends Record<string, Cell>>(
  res: Response, em: EntityManager, cut: { rows: R[]; total: number }, page: Page, list: ListShape<R, I>,
): Promise<void> {
  const contacts = await contactCells(em, cut.rows.map((r) => r.contactId));
  const missing = (contactId: number): ContactCells => ({ contactId, contactName: null, phone: '', conversationId: null });
  const items: Array<Record<string, Cell>> = cut.rows.map((r) => ({ ...list.item(r), ...(contacts.get(r.contactId) ?? missing(r.contactId)) }));
  if (page.format === 'csv') return sendCsvTable(res, list.name, list.columns, rowsOf(list.columns, items));
  const next = page.offset + cut.rows.length;
  res.json({ items, total: cut.total, nextOffset: next < cut.total ? next : null });
}
