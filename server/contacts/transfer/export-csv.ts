import { Brackets, In, MoreThan, type DataSource } from 'typeorm';
import { Contact, ContactAttribute, Conversation } from '../../db/entities';
import { EXPORT_ONLY_COLUMNS } from './import-columns';

export const EXPORT_CONSENT_STATES = ['marketing', 'transactional', 'opted_out', 'marketing_opted_out'] as const;
export type ConsentState = (typeof EXPORT_CONSENT_STATES)[number];

export interface ExportFilter { q?: string; tag?: string; consent?: ConsentState }

const PAGE = 500;
const BOM = '\uFEFF';

/**
 * All contacts matching `filter` as CSV lines (the first one the header, with a BOM so Excel reads UTF-8), a page of
 * contacts at a time in id order. The columns are the import's, then what an import reads past (times, activity),
 * then one per custom attribute: a file exported and imported back changes nothing.
 */
export async function* exportContactsCsv(ds: DataSource, filter: ExportFilter): AsyncGenerator<string> {
  const attributes = await ds.manager.find(ContactAttribute, { order: { position: 'ASC', id: 'ASC' } });
  yield `${BOM}${csvLine(['phone', 'name', 'tags', 'locale', 'timezone', 'consent', ...EXPORT_ONLY_COLUMNS, ...attributes.map((a) => a.key)])}`;
  for (let after = 0; ;) {
    const page = await pageOf(ds, filter, after);
    if (!page.length) return;
    const conversations = await ds.manager.find(Conversation, { select: { contactId: true, lastMessageAt: true }, where: { contactId: In(page.map((c) => c.id)) } });
    const lastActivity = new Map(conversations.map((c) => [c.contactId, c.lastMessageAt]));
    yield page.map((c) => csvLine([
      c.phone, c.name ?? '', c.tags.join(';'), c.locale, c.timezone, consentState(c),
      iso(c.marketingConsentAt), iso(c.optedOutAt), iso(c.createdAt), iso(lastActivity.get(c.id) ?? null),
      ...attributes.map((a) => String(c.attributes?.[a.key] ?? '')),
    ])).join('');
    after = page[page.length - 1].id;
  }
}

function pageOf(ds: DataSource, filter: ExportFilter, after: number): Promise<Contact[]> {
  const query = ds.manager.createQueryBuilder(Contact, 'c').where({ id: MoreThan(after) }).orderBy('c.id', 'ASC').take(PAGE);
  // Tags are a JSON array in a text column: a tag matches as its quoted JSON string, with LIKE's wildcards escaped.
  if (filter.tag) query.andWhere("c.tags LIKE :tag ESCAPE '!'", { tag: `%${likeEscape(JSON.stringify(filter.tag))}%` });
  if (filter.q) {
    const q = `%${likeEscape(filter.q)}%`;
    query.andWhere(new Brackets((w) => w.where("c.name LIKE :q ESCAPE '!'", { q }).orWhere("c.phone LIKE :q ESCAPE '!'", { q })));
  }
  switch (filter.consent) {
    case 'opted_out': query.andWhere('c.optedOut = :yes', { yes: true }); break;
    case 'marketing_opted_out': query.andWhere('c.optedOut = :no AND c.marketingOptedOut = :yes', { yes: true, no: false }); break;
    case 'marketing': query.andWhere('c.optedOut = :no AND c.marketingOptedOut = :no AND c.marketingConsentAt IS NOT NULL', { no: false }); break;
    case 'transactional': query.andWhere('c.optedOut = :no AND c.marketingOptedOut = :no AND c.marketingConsentAt IS NULL', { no: false }); break;
  }
  return query.getMany();
}

/** What a contact agreed to, most restrictive first: an opt-out outranks everything, a marketing refusal a consent. */
export function consentState(c: Pick<Contact, 'optedOut' | 'marketingOptedOut' | 'marketingConsentAt'>): ConsentState {
  if (c.optedOut) return 'opted_out';
  if (c.marketingOptedOut) return 'marketing_opted_out';
  return c.marketingConsentAt ? 'marketing' : 'transactional';
}

/**
 * One CSV line (RFC 4180 quoting, CRLF as Excel writes). A cell that a spreadsheet would run as a formula (= + - @,
 * tab, CR first) gets a leading ' — CSV injection: a customer-chosen name like =HYPERLINK(…) must stay text. The
 * import takes the ' off again.
 */
export function csvLine(cells: string[]): string {
  return `${cells.map((cell) => {
    const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }).join(',')}\r\n`;
}

const iso = (d: Date | null) => d?.toISOString() ?? '';
const likeEscape = (text: string) => text.replace(/[!%_]/g, (ch) => `!${ch}`);
