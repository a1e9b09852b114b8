import { isValidTimeZone } from '../../../rules/dates/zoned';
import type { ContactAttribute } from '../../db/entities';
import { toE164 } from '../../shared/phone';
import { attributeValueFromText } from '../attribute-values';
import { CONTACT_LOCALES } from '../contact-schemas';
import type { ColumnTarget } from './import-columns';

/** What a row may say about consent: a yes to marketing, texts about appointments only, or a refusal (as exports write). */
export const CONSENT_VALUES = ['marketing', 'transactional', 'opted_out', 'marketing_opted_out'] as const;
export type ImportConsent = (typeof CONSENT_VALUES)[number];


/** A row that passed every check; absent fields were empty cells, which keep what a contact already has. */
export interface ImportRow {
  line: number;
  phone: string;
  name?: string;
  tags: string[];
  consent?: ImportConsent;
  locale?: string;
  timezone?: string;
  attributes: Record<string, string | number>;
}

export interface RowFault { field: string; message: string }

const TAG = /^[^,\s]{1,40}$/;
const MAX_TAGS = 20;
const MAX_TEXT = 200;

/**
 * One data row checked in full, without touching the database: every fault of the row (so one pass over the file
 * fixes them all), or the row to write. A spreadsheet's escape of a formula-like cell (a leading ') is undone, so a
 * file this server exported comes back as it went out.
 */
export function checkRow(line: number, cells: string[], targets: ColumnTarget[], region: string): ImportRow | RowFault[] {
  const faults: RowFault[] = [];
  const row: ImportRow = { line, phone: '', tags: [], attributes: {} };
  if (cells.length > targets.length && cells.slice(targets.length).some((c) => c.trim() !== '')) {
    faults.push({ field: 'row', message: `has ${cells.length} cells but the header names ${targets.length} columns` });
  }
  targets.forEach((target, i) => {
    const cell = unescapeCell((cells[i] ?? '').trim());
    if (!target) return;
    if ('attribute' in target) {
      if (cell === '') return;
      const value = attributeValue(target.attribute, cell);
      if (typeof value === 'object') faults.push({ field: target.attribute.key, message: value.fault });
      else row.attributes[target.attribute.key] = value;
      return;
    }
    const fault = setField(row, target.field, cell, region);
    if (fault) faults.push({ field: target.field, message: fault });
  });
  return faults.length ? faults : row;
}

/** Fills one built-in field of `row` from its cell; a message when the cell is not acceptable. */
function setField(row: ImportRow, field: string, cell: string, region: string): string | undefined {
  switch (field) {
    case 'phone': {
      if (cell === '') return 'is empty';
      const phone = toE164(cell, region);
      if (!phone) return `"${cell}" is not a phone number in region ${region}`;
      row.phone = phone;
      return;
    }
    case 'name':
      if (cell.length > 100) return 'is longer than 100 characters';
      if (cell) row.name = cell;
      return;
    case 'tags': {
      const tags = [...new Set(cell.split(/[;；]/).map((t) => t.trim()).filter(Boolean))];
      const bad = tags.find((t) => !TAG.test(t));
      if (bad) return `"${bad}" is not a tag (up to 40 characters, no spaces or commas; separate tags with ;)`;
      if (tags.length > MAX_TAGS) return `has ${tags.length} tags; at most ${MAX_TAGS}`;
      row.tags = tags;
      return;
    }
    case 'consent': {
      const value = cell.toLowerCase();
      if (value === '') return;
      if (!(CONSENT_VALUES as readonly string[]).includes(value)) return `"${cell}" is not one of ${CONSENT_VALUES.join(', ')}`;
      row.consent = value as ImportConsent;
      return;
    }
    case 'locale': {
      if (cell === '') return;
      const locale = CONTACT_LOCALES.find((l) => l.toLowerCase() === cell.toLowerCase().replace('_', '-'));
      if (!locale) return `"${cell}" is not one of ${CONTACT_LOCALES.join(', ')}`;
      row.locale = locale;
      return;
    }
    case 'timezone':
      if (cell === '') return;
      if (cell.length > 64 || !isValidTimeZone(cell)) return `"${cell}" is not a time zone (e.g. Asia/Shanghai)`;
      row.timezone = cell;
      return;
  }
}

/**
 * A custom attribute's value as its definition types it (attributeValueFromText: the contacts API's own reading of a
 * cell), or why not, worded for a spreadsheet row.
 */
function attributeValue(attribute: ContactAttribute, cell: string): string | number | { fault: string } {
  const value = attributeValueFromText(attribute, cell);
  if (value !== undefined && (typeof value === 'number' || value.length <= MAX_TEXT)) return value;
  switch (attribute.type) {
    case 'number': return { fault: `"${cell}" is not a number` };
    case 'date': return { fault: `"${cell}" is not a date (YYYY-MM-DD)` };
    case 'choice': return { fault: `"${cell}" is not one of ${(attribute.choices ?? []).join(', ')}` };
    default: return { fault: `is longer than ${MAX_TEXT} characters` };
  }
}

/** Undoes the export's CSV-injection escape: '=1+1 → =1+1 (only before the characters it escapes). */
const unescapeCell = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, '');
