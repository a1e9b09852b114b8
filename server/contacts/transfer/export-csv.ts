import { In, type DataSource } from 'typeorm';
import { Contact, Conversation } from '../../db/entities';
import type { ContactFilter } from '../contact-filter';
import { matchingContacts } from '../contact-search';
import { attributeFields } from '../attribute-values';
import { EXPORT_ONLY_COLUMNS } from './import-columns';
import type { ImportConsent as ConsentState } from './import-row';

const PAGE = 500;
const BOM = '\uFEFF';

/**
 * All contacts matching `filter` as CSV lines (the first one the header, with a BOM so Excel reads UTF-8), a page of
 * contacts at a time in id order. The columns are the import's, then what an import reads past (times, activity),
 * then one per custom attribute: a file exported and imported back changes nothing.
 */
export async function* exportContactsCsv(ds: DataSource, filter: ContactFilter, region: string): AsyncGenerator<string> {
  const attributes = await attributeFields(ds.manager);
  yield `${BOM}${csvLine(['phone', 'name', 'tags', 'locale', 'timezone', 'consent', ...EXPORT_ONLY_COLUMNS, ...attributes.map((a) => a.key)])}`;
  for (let after = 0; ;) {
    const page = await matchingContacts(ds.manager, filter, region).andWhere('ct.id > :after', { after }).orderBy('ct.id', 'ASC').take(PAGE).getMany();
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
