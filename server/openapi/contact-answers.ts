import { z } from 'zod';
import { ATTRIBUTE_TYPES, type ContactAttributeView, type ContactDetail, type ContactListItem, type EraseAnswer } from '../contacts/contacts-contract';
import { isoInstant, nullableInstant } from './common-schemas';

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
