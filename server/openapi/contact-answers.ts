import { z } from 'zod';
import { ATTRIBUTE_TYPES, type ContactAttributeView, type ContactDetail, type ContactListItem, type EraseAnswer } from '../contacts/contacts-contract';
import { CSV_ENCODINGS } from '../contacts/transfer/csv-decode';
import type { ImportSummary } from '../contacts/transfer/import-csv';
import { isoInstant, nullableInstant, type SameShape } from './common-schemas';

/** The contacts routes' answers, as server/contacts/contacts-contract.ts types them. */

export const contactRow = z.object({
  id: z.number(), phone: z.string(), name: z.string().nullable(), locale: z.string(), timezone: z.string(), tags: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])),
  optedOut: z.boolean(), marketingOptedOut: z.boolean(), marketingConsent: z.boolean(), marketingConsentAt: nullableInstant,
  lastActivityAt: nullableInstant, createdAt: isoInstant, conversationId: z.number().nullable(),
}).meta({ id: 'ContactRow' }) satisfies z.ZodType<ContactListItem>;

export const contactPage = z.object({ items: z.array(contactRow), total: z.number(), nextCursor: z.string().nullable() });

export const contactDetail = contactRow.extend({
  optedOutAt: nullableInstant,
  consent: z.array(z.object({
    id: z.number(), kind: z.enum(['opt_in', 'opt_out']), scope: z.enum(['all', 'marketing']), source: z.string(), detail: z.string().nullable(), createdAt: isoInstant,
  })),
  appointmentsCount: z.number(),
}).meta({ id: 'ContactDetail' }) satisfies z.ZodType<ContactDetail>;

export const mergeAnswer = z.object({
  contact: contactDetail,
  merged: z.object({ contactId: z.number(), messages: z.number(), notes: z.number(), appointments: z.number(), consentEvents: z.number() }),
});
export const eraseAnswer = z.object({ erased: z.literal(true), keptConsentEvents: z.number() }) satisfies z.ZodType<EraseAnswer>;

export const contactAttribute = z.object({
  id: z.number(), key: z.string(), labels: z.record(z.string(), z.string()), type: z.enum(ATTRIBUTE_TYPES), choices: z.array(z.string()).nullable(), position: z.number(),
}) satisfies z.ZodType<ContactAttributeView>;

const rowNote = z.object({ line: z.number(), field: z.string(), message: z.string() });
export const importSummary = z.object({
  created: z.number(), updated: z.number(), skipped: z.number(),
  rejected: z.number().describe('Rows refused (bad phone, bad value …): nothing of them was written'),
  errors: z.array(rowNote).describe('The first 1,000 refused rows; errorCount counts them all'), errorCount: z.number(),
  notes: z.array(rowNote).describe('Rows imported or skipped with a remark (a duplicate line, a refusal that stands); the first 1,000'), noteCount: z.number(),
  dryRun: z.boolean(), encoding: z.enum(CSV_ENCODINGS),
  complete: z.boolean().describe('False when the file broke off (malformed CSV): rows before the break were imported, none after it'),
});
true satisfies SameShape<typeof importSummary, ImportSummary>;
