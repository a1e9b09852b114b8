import type { ZodObject, ZodType } from 'zod';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: `public` needs nothing, `signed-in` any agent's session (cookie or Bearer token), `admin` an
 * admin's, `webhook` a provider's callback checked by its own signature header, `feed-token` a secret in the query.
 */
export type Access = 'public' | 'signed-in' | 'admin' | 'webhook' | 'feed-token';

/** What a route answers when it succeeds: JSON by default; CSV, iCalendar, TwiML, pictures or a redirect otherwise. */
export interface SuccessAnswer {
  status?: number;
  description: string;
  schema?: ZodType;
  contentType?: string;
}

/**
 * One documented route. `params`, `query` and `body` are the very zod objects the route validates with (exported from
 * where they are defined), so the document cannot describe an input the route no longer takes.
 */
export interface ApiOperation {
  method: Method;
  /** OpenAPI style: `/api/conversations/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** Twilio posts forms, the simulator posts raw pictures; everything else is JSON. */
  bodyType?: string;
  headers?: ZodObject;
  ok: SuccessAnswer;
  description?: string;
}

/** Routes of one capability share a tag and an access level unless an entry says otherwise. */
export function group(tag: string, access: Access, ops: Array<Omit<ApiOperation, 'tag' | 'access'> & { access?: Access }>): ApiOperation[] {
  return ops.map((op) => ({ ...op, tag, access: op.access ?? access }));
}

/** `200 application/json` with `schema`. */
export const json = (schema: ZodType, description = 'OK', status = 200): SuccessAnswer => ({ status, description, schema });
export const created = (schema: ZodType, description = 'Created') => json(schema, description, 201);
