import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../http/errors';

export type CallbackItem = Record<string, unknown>;

/** A field's text: a non-blank string trimmed, or a finite number as written; else null. */
export const fieldText = (v: unknown): string | null =>
  (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);

/** A callback body is a JSON array of items; one bare object is taken as a batch of one. Every item is checked before any is stored. */
function batchOf(req: Request, maxBatch: number): CallbackItem[] {
  const body: unknown = req.body;
  const items = Array.isArray(body) ? body : body && typeof body === 'object' && Object.keys(body).length ? [body] : null;
  if (!items || items.length === 0) throw new HttpError(400, 'invalid_body', 'The body must be a JSON object or an array of them', 'body');
  if (items.length > maxBatch) throw new HttpError(400, 'invalid_body', `At most ${maxBatch} items per request`, 'body');
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new HttpError(400, 'invalid_field', `Item ${i} is not an object`, `${i}`);
  });
  return items as CallbackItem[];
}

/**
 * The one shape of every Aliyun and Tencent callback (PROVIDERS.md §2, §3): JSON only, a batch read and checked in
 * full (`parse`, which throws a 400 naming `<index>.<field>`), stored as a batch (`store`), and only then the
 * provider's `answer`, so a request that fails part-way is delivered again and its stored items are no-ops.
 */
export function batchCallback<T>(options: {
  provider: string; maxBatch: number; answer: unknown;
  parse: (item: CallbackItem, index: number, res: Response) => T;
  /** `receivedAt` (ms): when the request came, so that waits inside one request share one budget. */
  store: (parsed: T[], receivedAt: number) => Promise<unknown>;
}): RequestHandler {
  return async (req, res) => {
    const receivedAt = Date.now();
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', `${options.provider} posts application/json`);
    await options.store(batchOf(req, options.maxBatch).map((item, i) => options.parse(item, i, res)), receivedAt);
    res.json(options.answer);
  };
}
