import { z } from 'zod';
import { boundedText } from '../http/query-schemas';

// Bodies and query strings of the canned-reply routes, parsed once at the edge.

export const CANNED_LOCALES = ['zh-CN', 'zh-HK', 'zh-TW', 'en'] as const;

const shortcut = z.string().trim().toLowerCase().regex(/^[a-z0-9_-]{1,30}$/, '1–30 lower-case letters, digits, _ or -');
/** At least one language; an empty text means "no body in this language" and is dropped. */
const bodies = z.partialRecord(z.enum(CANNED_LOCALES), z.string().trim().max(1000, 'must be at most 1000 characters'))
  .transform((b) => Object.fromEntries(Object.entries(b).filter(([, text]) => text)) as Record<string, string>)
  .refine((b) => Object.keys(b).length > 0, 'write the reply in at least one language');

export const createCannedBody = z.strictObject({
  shortcut,
  bodies,
  /** 'team': everyone's, admins only; 'mine' (the default): the agent's own. */
  scope: z.enum(['team', 'mine']).default('mine'),
});

export const patchCannedBody = z.strictObject({ shortcut: shortcut.optional(), bodies: bodies.optional() });

export const cannedQuery = z.object({ q: boundedText(30).optional() });
