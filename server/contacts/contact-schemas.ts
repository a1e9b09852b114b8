import { z } from 'zod';
import { isValidTimeZone } from '../../rules/dates/zoned';
import { boundedText, idNumber, instantText, limitText, oneOf } from '../http/query-schemas';
import { ATTRIBUTE_KEY, ATTRIBUTE_LABEL_LOCALES, ATTRIBUTE_TYPES, CONSENT_FILTERS, CONTACT_PAGE, MAX_CHOICES } from './contacts-contract';

// Bodies and query strings of the contacts routes, parsed once at the edge.

/** The languages a contact can be written to in (localeForNumber's guesses). */
export const CONTACT_LOCALES = ['zh-CN', 'zh-HK', 'zh-MO', 'zh-TW', 'en'] as const;

export const tagText = z.string().trim().min(1, 'is required').max(40).regex(/^[^,\s]+$/, 'a tag has no spaces or commas');
const tags = z.array(tagText).max(50, 'at most 50 tags').transform((t) => [...new Set(t)]);
const name = z.string().trim().max(100).transform((n) => n || null).nullable();
const timezone = z.string().max(64).refine(isValidTimeZone, 'unknown time zone (an IANA name such as Asia/Shanghai)');
const locale = z.enum(CONTACT_LOCALES, { error: `must be one of ${CONTACT_LOCALES.join(', ')}` });
/** Values are checked against their fields' definitions once those are read (attribute-values.ts). */
const attributeValue = z.union([z.string().max(500), z.number()]);

export const createContactBody = z.strictObject({
  phone: z.string().max(32, 'must be at most 32 characters'),
  name: name.optional(),
  locale: locale.optional(),
  timezone: timezone.optional(),
  tags: tags.optional(),
  attributes: z.record(z.string().max(40), attributeValue).optional(),
  marketingConsent: z.boolean().optional(),
});
export type CreateContactBody = z.infer<typeof createContactBody>;

/** Any subset; an attribute set to null loses its value, one left out keeps it. */
export const patchContactBody = z.strictObject({
  name: name.optional(),
  locale: locale.optional(),
  timezone: timezone.optional(),
  tags: tags.optional(),
  attributes: z.record(z.string().max(40), attributeValue.nullable()).optional(),
  marketingConsent: z.boolean().optional(),
});
export type PatchContactBody = z.infer<typeof patchContactBody>;

export const tagBody = z.object({ tag: tagText });
export const mergeBody = z.strictObject({ otherId: idNumber });

/**
 * GET /api/contacts. `phone` alone is the inbox's exact lookup (as it always was); anything else is the list.
 */
export const listQuery = z.object({
  phone: boundedText(32).min(1, 'is required').optional(),
  q: boundedText(100).optional(),
  tag: boundedText(40).optional(),
  consent: oneOf(CONSENT_FILTERS).optional(),
  activeSince: instantText.optional(),
  inactiveSince: instantText.optional(),
  cursor: boundedText(200).optional(),
  limit: limitText(CONTACT_PAGE.max, CONTACT_PAGE.default),
});
export type ListQuery = z.infer<typeof listQuery>;

const labels = z.strictObject(Object.fromEntries(ATTRIBUTE_LABEL_LOCALES.map((l) => [l, z.string().trim().min(1, 'is required').max(100).optional()])))
  .refine((l) => Object.values(l).some(Boolean), 'give a label in at least one language');
const choices = z.array(z.string().trim().min(1, 'is required').max(100)).max(MAX_CHOICES, `at most ${MAX_CHOICES} choices`)
  .refine((c) => new Set(c).size === c.length, 'each choice once');
const attributeFields = {
  key: z.string().regex(ATTRIBUTE_KEY, 'a lower-case letter, then letters, digits or _ (at most 40)'),
  labels,
  type: z.enum(ATTRIBUTE_TYPES, { error: `must be one of ${ATTRIBUTE_TYPES.join(', ')}` }),
  choices: choices.nullable(),
  position: z.number().int().min(0).max(10_000),
};

/** A choice field needs its choices; any other type has none. */
function choicesFitType(body: { type?: string; choices?: string[] | null }, ctx: z.RefinementCtx): void {
  if (body.type === 'choice' && !body.choices?.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice field needs its choices' });
  if (body.type && body.type !== 'choice' && body.choices?.length) ctx.addIssue({ code: 'custom', path: ['choices'], message: `a ${body.type} field has no choices` });
}

export const createAttributeBody = z.strictObject({ ...attributeFields, choices: attributeFields.choices.optional(), position: attributeFields.position.default(0) })
  .superRefine(choicesFitType);
/** The key never changes (imports and exports name columns by it), nor the type (stored values would stop fitting). */
export const patchAttributeBody = z.strictObject({ labels: attributeFields.labels, choices: attributeFields.choices, position: attributeFields.position }).partial();
