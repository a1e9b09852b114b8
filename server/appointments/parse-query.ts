import type { Request } from 'express';
import type { ZodType } from 'zod';
import { HttpError } from '../http/errors';

/** Validates a query string as parseBody validates a JSON body: the 400 names the parameter at fault. */
export function parseQuery<T>(schema: ZodType<T>, req: Request): T {
  const result = schema.safeParse(req.query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, 'invalid_field', field ? `${field}: ${issue.message}` : issue.message, field);
}
