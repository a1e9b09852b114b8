import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ConsentScope } from '../../../rules/types';
import { isMysql } from '../../db/data-source';
import { ConsentEvent, Contact } from '../../db/entities';
import { inTransaction } from '../../db/transaction';
import { localeForNumber } from '../locale-for-number';
import { replayRefusals, type Refusals } from '../new-contact';
import { recordTagsAddedMany } from '../tag-events';
import { bulkInsert } from './bulk-insert';
import type { ImportRow } from './import-row';
import { countRollups } from '../../reports/rollup-store';
import { consentDeltas } from '../../reports/rollup-keys';

export interface ImportSettings {
  ds: DataSource;
  now: Date;
  /** Stored as the consent events' detail: where the list came from ("imported: 2026-03 门店登记表"). */
  detail: string;
  dryRun: boolean;
  defaultTimezone: string;
  /**
   * The keyed hash of a number (server/contacts/phone-hash.ts), to find the refusals of erased contacts; null when no
   * contact was ever erased, which spares every batch that lookup.
   */
  hash: ((e164: string) => string) | null;
}

export interface RowNote { line: number; field: string; message: string }
export interface BatchOutcome { created: number; updated: number; skipped: number; notes: RowNote[] }

type ContactValues = Omit<Contact, 'id'>;
interface PlannedEvent { phone: string; locale: string; kind: ConsentEvent['kind']; scope: ConsentScope }


/** Contact columns an import may change on an existing contact (never created_at; flags only ever towards a refusal). */
const OVERWRITTEN = ['name', 'locale', 'timezone', 'tags', 'attributes', 'marketing_consent_at', 'opted_out', 'opted_out_at', 'marketing_opted_out', 'updated_at'];

/**
 * Imports up to a few hundred checked rows (distinct phones) in one transaction: one SELECT of the contacts that
 * exist, one of the erased numbers' refusals, one upsert of every new or changed contact and one INSERT of the consent
 * events, so 10,000 rows are a few dozen statements rather than tens of thousands.
 *
 * This is its own bulk insert, not the contacts page's one-at-a-time createContact (server/contacts/new-contact.ts,
 * built alongside): the same defaults (locale from the number, the business's time zone) and the same hashed-refusal
 * rule, applied to a batch. A change to what a new contact starts with belongs in both.
 *
 * An existing contact: a non-empty cell replaces the field, an empty one keeps it; tags are unioned and attributes
 * merged by key. Consent only ever moves as the customer said: a refusal (opted out, marketing refused, or an erased
 * number's hashed opt-out) is never overridden by a list's "marketing" — the row is still imported and a note says so.
 */
export async function importBatch(settings: ImportSettings, rows: ImportRow[]): Promise<BatchOutcome> {
  if (settings.dryRun) return plan(settings, settings.ds.manager, rows).then((p) => p.outcome);
  // inTransaction, not ds.transaction: on SQLite every writer shares one connection, and a batch begun beside an
  // inbound text's transaction would collide with it instead of taking its turn.
  return inTransaction(settings.ds, async (em) => {
    const { outcome, writes, events, tagsAdded } = await plan(settings, em, rows);
    if (writes.length) {
      await bulkInsert(em, Contact, writes, { conflict: 'phone', overwrite: OVERWRITTEN });
    }
    const needIds = [...new Set([...events.map((e) => e.phone), ...tagsAdded.map((t) => t.phone)])];
    const ids = needIds.length
      ? new Map((await em.find(Contact, { select: { id: true, phone: true }, where: { phone: In(needIds) } })).map((c) => [c.phone, c.id]))
      : new Map<string, number>();
    // When each contact got its new tags, so a tag_added campaign texts people tagged by a list too.
    await recordTagsAddedMany(em, tagsAdded.map((t) => ({ contactId: ids.get(t.phone)!, before: t.before, after: t.after })), settings.now);
    if (events.length) {
      await bulkInsert(em, ConsentEvent, events.map((e) => ({
        contactId: ids.get(e.phone)!, kind: e.kind, scope: e.scope, source: 'import' as const, messageId: null, detail: settings.detail, phoneHash: null, createdAt: settings.now,
      })));
      // The report counts, one grouped write for the batch (an import's refusals are no send's fault: never attributed).
      await countRollups(em, events.flatMap((e) => consentDeltas({ kind: e.kind, source: 'import', scope: e.scope, at: settings.now }, e)));
    }
    return outcome;
  });
}

async function plan(settings: ImportSettings, em: EntityManager, rows: ImportRow[]) {
  // Read FOR UPDATE on MariaDB when writing: the upsert writes back tags and consent flags computed from this read, so
  // an agent's tag or a STOP arriving meanwhile must wait for the batch rather than be overwritten by it. (SQLite's
  // write transactions already take the whole database.)
  const lock = !settings.dryRun && isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const existing = new Map((await em.find(Contact, { where: { phone: In(rows.map((r) => r.phone)) }, ...lock })).map((c) => [c.phone, c]));
  const refusals = await erasedRefusals(em, rows.filter((r) => !existing.has(r.phone)).map((r) => r.phone), settings.hash);
  const outcome: BatchOutcome = { created: 0, updated: 0, skipped: 0, notes: [] };
  const writes: ContactValues[] = [];
  const events: PlannedEvent[] = [];
  const tagsAdded: Array<{ phone: string; before: string[]; after: string[] }> = [];
  for (const row of rows) {
    const before = existing.get(row.phone);
    const after: ContactValues = before ? withoutId(before) : {
      phone: row.phone, name: null, locale: localeForNumber(row.phone), timezone: settings.defaultTimezone, tags: [], attributes: null,
      optedOut: false, optedOutAt: null, marketingOptedOut: false, marketingConsentAt: null, createdAt: settings.now, updatedAt: settings.now,
      ...refusals.get(row.phone),
    };
    if (row.name !== undefined) after.name = row.name;
    if (row.locale !== undefined) after.locale = row.locale;
    if (row.timezone !== undefined) after.timezone = row.timezone;
    after.tags = [...new Set([...after.tags, ...row.tags])];
    if (after.tags.length > (before?.tags.length ?? 0)) tagsAdded.push({ phone: row.phone, before: before?.tags ?? [], after: after.tags });
    if (Object.keys(row.attributes).length) after.attributes = { ...after.attributes, ...row.attributes };
    const consentEvents = applyConsent(row, after, settings.now, !before, outcome.notes);
    events.push(...consentEvents.map((e) => ({ ...e, phone: row.phone, locale: after.locale })));
    if (!before) { outcome.created++; writes.push(after); continue; }
    if (!changed(before, after)) { outcome.skipped++; continue; }
    outcome.updated++;
    writes.push({ ...after, updatedAt: settings.now });
  }
  return { outcome, writes, events, tagsAdded };
}

/** The row's consent column applied to `contact`; the events that prove the changes it made. */
function applyConsent(row: ImportRow, contact: ContactValues, now: Date, isNew: boolean, notes: RowNote[]): Array<Omit<PlannedEvent, 'phone' | 'locale'>> {
  switch (row.consent) {
    case 'marketing':
      if (contact.optedOut || contact.marketingOptedOut) {
        notes.push({ line: row.line, field: 'consent', message: `${contact.optedOut ? 'opted out' : 'refused marketing'}: the refusal stands, no marketing consent was recorded` });
        return [];
      }
      if (contact.marketingConsentAt) return [];
      contact.marketingConsentAt = now;
      return [{ kind: 'opt_in', scope: 'marketing' }];
    case 'transactional':
      // No marketing consent either way; a new contact's event records that the list said "appointment texts only".
      if (!isNew || contact.optedOut) return [];
      return [{ kind: 'opt_in', scope: 'all' }];
    case 'opted_out':
      if (contact.optedOut) return [];
      Object.assign(contact, { optedOut: true, optedOutAt: now });
      return [{ kind: 'opt_out', scope: 'all' }];
    case 'marketing_opted_out':
      if (contact.marketingOptedOut) return [];
      contact.marketingOptedOut = true;
      return [{ kind: 'opt_out', scope: 'marketing' }];
    default:
      return [];
  }
}

/**
 * What erased contacts with these numbers refused, replayed in order from their hashed consent events: a number
 * erased while opted out comes back opted out, however the list says otherwise.
 */
async function erasedRefusals(em: EntityManager, phones: string[], hash: ImportSettings['hash']): Promise<Map<string, Refusals>> {
  if (!phones.length || !hash) return new Map();
  const phoneOf = new Map(phones.map((p) => [hash(p), p]));
  const events = await em.find(ConsentEvent, { select: { phoneHash: true, kind: true, scope: true, createdAt: true }, where: { phoneHash: In([...phoneOf.keys()]) }, order: { id: 'ASC' } });
  const byPhone = new Map<string, ConsentEvent[]>();
  for (const e of events) {
    const phone = phoneOf.get(e.phoneHash!)!;
    byPhone.set(phone, [...(byPhone.get(phone) ?? []), e]);
  }
  return new Map([...byPhone].map(([phone, proofs]) => [phone, replayRefusals(proofs)]));
}

/** A copy to change (tags and attributes too), without the id: the upsert finds the row by phone. */
function withoutId({ id: _id, ...contact }: Contact): ContactValues {
  return { ...contact, tags: [...contact.tags], attributes: contact.attributes ? { ...contact.attributes } : null };
}

function changed(before: Contact, after: ContactValues): boolean {
  return before.name !== after.name || before.locale !== after.locale || before.timezone !== after.timezone
    || before.tags.length !== after.tags.length || before.optedOut !== after.optedOut || before.marketingOptedOut !== after.marketingOptedOut
    || before.marketingConsentAt !== after.marketingConsentAt
    || JSON.stringify(before.attributes ?? {}) !== JSON.stringify(after.attributes ?? {});
}
