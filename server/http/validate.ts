import type { Request } from 'express';
import type { ZodType } from 'zod';
import { HttpError } from './errors';

/** The 400 names the first field at fault, so a client can fix it. */
function parsed<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, 'invalid_field', field ? `${field}: ${issue.message}` : issue.message, field);
}

/** Validates a JSON body (415 when it is not JSON). */
export function parseBody<T>(schema: ZodType<T>, req: Request): T {
  if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  return parsed(schema, req.body);
}

/** Validates a query string the same way. */
export function parseQuery<T>(schema: ZodType<T>, req: Request): T {
  return parsed(schema, req.query);
}
