import { z, type ZodType } from 'zod';
import { idText } from '../http/query-schemas';

/**
 * Response shapes shared by many routes. Where a route's answer is not described field by field yet, it says so
 * (`undocumentedObject`) rather than pretending: the document stays honest and a test never passes on a made-up shape.
 */

/** `{ error: { code, message, field? } }`, as server/http/errors.ts answers every refusal. */
export const errorAnswer = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    issue: z.looseObject({ code: z.string() }).optional(),
  }),
}).meta({ id: 'Error' });

export const okAnswer = z.object({ ok: z.literal(true) });

/** A JSON object whose fields this document does not list yet. */
export const undocumentedObject = z.looseObject({}).describe('A JSON object; its fields are not listed in this document yet.');

export const itemsOf = <T extends ZodType>(item: T) => z.object({ items: z.array(item) });

/** `{ items: [...] }` whose items are not described field by field yet. */
export const undocumentedItems = itemsOf(z.looseObject({ id: z.number().optional() })).describe('A list under `items`; the items\' fields are not listed in this document yet.');

export const isoInstant = z.string().describe('An ISO 8601 instant (UTC)');
export const nullableInstant = isoInstant.nullable();

/** `/…/{id}`: the same idText the routes' idParam() parses with. */
export const idPath = z.object({ id: idText });
