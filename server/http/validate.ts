import type { Request } from 'express';
import { z, type ZodType } from 'zod';
import { HttpError } from './errors';
import { dottedPath, fieldIssue } from './field-issue';
import { idText } from './query-schemas';

/**
 * Parses input from outside (a body, a query string, route parameters, a socket command) once, at the edge.
 * The 400 names the first field at fault (`field`, `path`) and what is wrong with it (`issue`), so a client can fix it.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = dottedPath(issue.path) || undefined;
  const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
  throw new HttpError(400, 'invalid_field', field ? `${field}: ${issue.message}` : issue.message, field, { path: field ? path : undefined, issue: fieldIssue(issue, input) });
}

/** Validates a JSON body (415 when it is not JSON). */
export function parseBody<T>(schema: ZodType<T>, req: Request): T {
  if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  return parseInput(schema, req.body);
}

/** Validates a query string the same way. */
export function parseQuery<T>(schema: ZodType<T>, req: Request): T {
  return parseInput(schema, req.query);
}

/** A numeric route parameter (`/conversations/:id`), or a 400 naming it. */
export function idParam(req: Request, name = 'id'): number {
  return parseInput(z.object({ [name]: idText }), req.params)[name];
}
