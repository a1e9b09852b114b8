import { z, type ZodType } from 'zod';
import { idText } from '../http/query-schemas';

/** Response shapes shared by many routes, and the compile-time tie between an answer's schema and its contract. */

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

export const itemsOf = <T extends ZodType>(item: T) => z.object({ items: z.array(item) });

export const isoInstant = z.string().describe('An ISO 8601 instant (UTC)');
export const nullableInstant = isoInstant.nullable();

/** `/…/{id}`: the same idText the routes' idParam() parses with. */
export const idPath = z.object({ id: idText });

/**
 * Compile-time only: `true satisfies SameShape<typeof schema, Contract>` stops type-checking when an answer's schema
 * and the TypeScript type its route answers with part ways in either direction: a field added, dropped or retyped on
 * one side only. (`satisfies z.ZodType<Contract>` alone misses a field the schema has and the contract lost.)
 */
export type SameShape<Schema extends ZodType, Contract> =
  [z.output<Schema>] extends [Contract] ? ([Contract] extends [z.output<Schema>] ? true : false) : false;
