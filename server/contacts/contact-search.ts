import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Contact, Conversation } from '../db/entities';
import { HttpError } from '../http/errors';
import { toE164 } from '../shared/phone';
import { scriptsOf } from '../shared/chinese-scripts';
import type { ContactFilter } from './contact-filter';
import type { ConsentFilter, ContactPage } from './contacts-contract';
import { toContactListItems } from './contact-view';
import { containing } from './like-text';

/** Name (either script), phone in any spelling (E.164 exact, else a run of its digits), or part of a tag. */
function applySearch(qb: SelectQueryBuilder<Contact>, q: string, region: string): void {
  qb.andWhere(new Brackets((w) => {
    scriptsOf(q).forEach((variant, i) => w.orWhere(`ct.name LIKE :name${i} ESCAPE '!'`, { [`name${i}`]: containing(variant) }));
    const phone = /^[+\d\s().-]+$/.test(q) ? toE164(q, region) : null;
    if (phone) w.orWhere('ct.phone = :qPhone', { qPhone: phone });
    const digits = q.replace(/\D/g, '');
    if (digits.length >= 3 && /^[+\d\s().-]+$/.test(q)) w.orWhere("ct.phone LIKE :qDigits ESCAPE '!'", { qDigits: containing(digits) });
    // Tags are stored as a JSON array of strings: text without JSON's own marks can only match inside one tag.
    if (!/["\\[\],]/.test(q)) w.orWhere("ct.tags LIKE :qTag ESCAPE '!'", { qTag: containing(q) });
  }));
}

const CONSENT_SQL: Record<ConsentFilter, string> = {
  subscribed: 'ct.opted_out = 0',
  opted_out: 'ct.opted_out = 1',
  marketing: 'ct.marketing_consent_at IS NOT NULL AND ct.marketing_opted_out = 0 AND ct.opted_out = 0',
  no_marketing: 'NOT (ct.marketing_consent_at IS NOT NULL AND ct.marketing_opted_out = 0 AND ct.opted_out = 0)',
};

function applyFilters(qb: SelectQueryBuilder<Contact>, f: ContactFilter, region: string): void {
  if (f.q?.trim()) applySearch(qb, f.q.trim(), region);
  // A tag is one element of the JSON array, matched with its quotes: "vip" does not find "vip2".
  if (f.tag) qb.andWhere("ct.tags LIKE :tag ESCAPE '!'", { tag: containing(JSON.stringify(f.tag)) });
  if (f.consent) qb.andWhere(CONSENT_SQL[f.consent]);
  if (f.activeSince) qb.andWhere('cv.last_message_at >= :activeSince', { activeSince: f.activeSince });
  if (f.inactiveSince) qb.andWhere('(cv.last_message_at < :inactiveSince OR cv.last_message_at IS NULL)', { inactiveSince: f.inactiveSince });
}

/** Where the last page ended: its last row's activity (null: none yet) and id. */
interface Cursor { at: string | null; id: number }

const encodeCursor = (at: Date | null, id: number) => Buffer.from(JSON.stringify({ at: at?.toISOString() ?? null, id } satisfies Cursor)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  const bad = () => new HttpError(400, 'invalid_field', 'cursor is not one this server handed out', 'cursor');
  let c: Partial<Cursor>;
  try { c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<Cursor>; } catch { throw bad(); }
  if (!c || typeof c !== 'object' || !Number.isSafeInteger(c.id)) throw bad();
  if (c.at !== null && (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at)))) throw bad();
  return c as Cursor;
}

/**
 * Keyset paging in the list's order (latest activity first, contacts with none after; then newest id first): a
 * contact that texts while an agent scrolls does not push rows onto the next page twice. NULLs sort last in a
 * descending order on both SQLite and MariaDB.
 */
function applyCursor(qb: SelectQueryBuilder<Contact>, c: Cursor): void {
  qb.andWhere(new Brackets((w) => (c.at === null
    ? w.where('cv.last_message_at IS NULL AND ct.id < :cid', { cid: c.id })
    : w.where('cv.last_message_at < :cat OR cv.last_message_at IS NULL', { cat: new Date(c.at) })
      .orWhere('cv.last_message_at = :cat AND ct.id < :cid', { cid: c.id }))));
}

/** One page of contacts matching `filter`, with how many match in all. */
/**
 * The contacts `filter` matches, as a query (`ct` the contact, `cv` its conversation) for the list to page by activity
 * and the export to page by id: one reading of a filter, so the file holds exactly what the list shows.
 */
export function matchingContacts(em: EntityManager, filter: ContactFilter, region: string): SelectQueryBuilder<Contact> {
  const qb = em.createQueryBuilder(Contact, 'ct').leftJoin(Conversation, 'cv', 'cv.contact_id = ct.id');
  applyFilters(qb, filter, region);
  return qb;
}

export async function listContacts(em: EntityManager, filter: ContactFilter & { cursor?: string; limit: number }, region: string): Promise<ContactPage> {
  const qb = matchingContacts(em, filter, region);
  const total = await qb.clone().getCount();
  if (filter.cursor) applyCursor(qb, decodeCursor(filter.cursor));
  const rows = await qb.orderBy('cv.last_message_at', 'DESC').addOrderBy('ct.id', 'DESC')
    .limit(filter.limit + 1).getMany();
  const page = rows.slice(0, filter.limit);
  const items = await toContactListItems(em, page);
  const last = items.at(-1);
  return {
    items, total,
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.lastActivityAt ? new Date(last.lastActivityAt) : null, last.id) : null,
  };
}
