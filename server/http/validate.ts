import type { Request } from 'express';
import type { ZodType } from 'zod';
import { HttpError } from './errors';

/** Validates a JSON body; the 400 names the first field at fault so a client can fix it. */
export function parseBody<T>(schema: ZodType<T>, req: Request): T {
  if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, 'invalid_field', field ? `${field}: ${issue.message}` : issue.message, field);
}
