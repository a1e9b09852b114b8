import { timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import type { Config } from '../config';
import { receiveInbound, type InboundDeps } from '../conversations/receive-inbound';
import { HttpError } from '../http/errors';
import { validateInboundFields } from './inbound-validation';

function secretMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `POST /webhooks/generic` JSON { id, from, to, text }: for gateways without a channel of their own. */
export function genericRoutes(config: Config, deps: InboundDeps): Router {
  const router = Router();
  router.post('/', (req, _res, next) => {
    if (!req.is('application/json')) return next(new HttpError(415, 'unsupported_media_type', 'Send the body as application/json'));
    next();
  }, express.json({ limit: '64kb' }), async (req, res) => {
    if (config.GENERIC_WEBHOOK_SECRET && !secretMatches(config.GENERIC_WEBHOOK_SECRET, req.get('x-huixin-secret'))) {
      throw new HttpError(403, 'invalid_secret', 'X-Huixin-Secret is missing or wrong');
    }
    const payload = (req.body ?? {}) as Record<string, unknown>;
    if (typeof payload !== 'object' || Array.isArray(payload)) throw new HttpError(400, 'invalid_body', 'The body must be a JSON object');
    const { id, from, body } = validateInboundFields({ id: typeof payload.id === 'number' ? String(payload.id) : payload.id, from: payload.from, body: payload.text }, { id: 'id', from: 'from', body: 'text' }, config.DEFAULT_REGION);
    const result = await receiveInbound(deps, { provider: 'generic', providerMessageId: id, from, to: ['string', 'number'].includes(typeof payload.to) ? String(payload.to) : '', body, media: [] });
    res.json({ ok: true, messageId: result.messageId, duplicate: result.duplicate });
  });
  return router;
}
