import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/database-unavailable';
import type { Logger } from '../shared/logger';
import { pathOf, type FieldIssue } from './field-issue';

/**
 * A client error with a machine-readable code and, where one field is at fault, its name (`field`, dotted), its
 * path (`path`, an array) and what is wrong with it (`issue`, when the check said so as data), so the UI can say it
 * in the agent's language. `message` stays English for scripts. Codes are stable identifiers: see docs/ERRORS.md.
 */
export class HttpError extends Error {
  readonly path?: Array<string | number>;
  readonly issue?: FieldIssue;
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string, detail: { path?: Array<string | number>; issue?: FieldIssue } = {}) {
    super(message);
    // A 400's field is the input at fault, so it gets a path too; other refusals only point at a field (409 startsAt).
    this.path = detail.path ?? (field && status === 400 ? pathOf(field) : undefined);
    this.issue = detail.issue;
  }
}

/** The JSON of a refusal, the same over REST and socket acks: `{ code, message, field?, path?, issue? }`. */
export function errorBody(err: HttpError) {
  return {
    code: err.code, message: err.message,
    ...(err.field ? { field: err.field } : {}), ...(err.path ? { path: err.path } : {}), ...(err.issue ? { issue: err.issue } : {}),
  };
}

export const badRequest = (code: string, message: string, field?: string) => new HttpError(400, code, message, field);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export const notFoundHandler: RequestHandler = (req, _res, next) => next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path}`));

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: errorBody(err) });
      return;
    }
    // body-parser's own errors (malformed JSON, too large) carry a status and a type.
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      const code = err.type === 'entity.parse.failed' ? 'malformed_json' : err.type === 'entity.too.large' ? 'body_too_large' : 'bad_request';
      const message = code === 'malformed_json' ? 'The request body is not valid JSON' : String(err.message);
      res.status(err.status).json({ error: { code, message } });
      return;
    }
    // The database is down or not answering: a moment's wait and a retry is the fix, not a bug report. A provider
    // retrying a webhook is safe: a message that did get stored is found by its id and not stored twice.
    if (isDatabaseUnavailable(err)) {
      log.warn({ err }, 'database unavailable');
      res.set('Retry-After', String(DATABASE_UNAVAILABLE.retryAfterSeconds));
      res.status(DATABASE_UNAVAILABLE.status).json({ error: { code: DATABASE_UNAVAILABLE.code, message: DATABASE_UNAVAILABLE.message } });
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side' } });
  };
}
