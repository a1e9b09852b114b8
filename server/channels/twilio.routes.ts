import express, { Router, type Request } from 'express';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { Config } from '../config';
import { recordConsentChange } from '../contacts/consent';
import { receiveInbound, type InboundDeps } from '../conversations/receive-inbound';
import { toMessageView } from '../conversations/views';
import { Contact, Message, type MessageStatus } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import { HttpError } from '../http/errors';
import { movesForward } from '../inbox/message-status';
import { validateInboundFields } from './inbound-validation';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const STATUS_MAP: Record<string, MessageStatus | undefined> = {
  queued: 'queued', accepted: 'queued', sending: 'sending', sent: 'sent', delivered: 'delivered',
  undelivered: 'undelivered', failed: 'failed', read: 'delivered',
};

/**
 * Twilio signs the exact URL it called. Behind a proxy that is PUBLIC_URL + path, not what express sees.
 * @example signedUrl('https://hx.example.com', req) // → 'https://hx.example.com/webhooks/twilio'
 */
function signedUrl(config: Config, req: Request): string {
  const base = config.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
  return `${base}${req.originalUrl}`;
}

function verifySignature(config: Config, req: Request): void {
  if (!config.TWILIO_AUTH_TOKEN) return;
  const signature = req.get('x-twilio-signature');
  if (!signature) throw new HttpError(403, 'missing_signature', 'X-Twilio-Signature header is required');
  if (!validateRequest(config.TWILIO_AUTH_TOKEN, signature, signedUrl(config, req), req.body)) {
    throw new HttpError(403, 'invalid_signature', 'X-Twilio-Signature does not match this request');
  }
}

function requireForm(req: Request): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'unsupported_media_type', 'Twilio webhooks are application/x-www-form-urlencoded');
  }
}

export function twilioRoutes(config: Config, deps: InboundDeps): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  router.post('/', async (req, res) => {
    requireForm(req);
    verifySignature(config, req);
    const { id, from, body } = validateInboundFields(
      { id: req.body.MessageSid ?? req.body.SmsSid, from: req.body.From, body: req.body.Body },
      { id: 'MessageSid', from: 'From', body: 'Body' }, config.DEFAULT_REGION);
    const numMedia = Math.min(Number(req.body.NumMedia) || 0, 10);
    const media = Array.from({ length: numMedia }, (_, i) => req.body[`MediaUrl${i}`]).filter((u): u is string => typeof u === 'string');
    await receiveInbound(deps, { provider: 'twilio', providerMessageId: id, from, to: String(req.body.To ?? ''), body, media });
    // Replies go through the outbox (retries, opt-out checks, status tracking), so the TwiML answer stays empty.
    res.type('text/xml').send(EMPTY_TWIML);
  });

  router.post('/status', async (req, res) => {
    requireForm(req);
    verifySignature(config, req);
    const sid = req.body.MessageSid ?? req.body.SmsSid;
    if (typeof sid !== 'string' || !sid) throw new HttpError(400, 'invalid_field', 'MessageSid is required', 'MessageSid');
    const status = STATUS_MAP[String(req.body.MessageStatus ?? req.body.SmsStatus ?? '')];
    if (!status) throw new HttpError(400, 'invalid_field', 'MessageStatus is not a known Twilio status', 'MessageStatus');
    await applyStatus(deps, sid, status, req.body.ErrorCode ? String(req.body.ErrorCode) : null);
    res.status(204).end();
  });
  return router;
}

async function applyStatus(deps: InboundDeps, sid: string, status: MessageStatus, errorCode: string | null): Promise<void> {
  await publishAfterCommit(deps.ds, async (em, events) => {
    const message = await em.findOneBy(Message, { provider: 'twilio', providerMessageId: sid });
    if (!message) return;   // not ours, or already pruned: Twilio only needs a 2xx
    const contact = await em.findOneByOrFail(Contact, { id: message.contactId });
    if (movesForward(message.status, status) && status !== message.status) {
      Object.assign(message, { status, errorCode: errorCode ?? message.errorCode });
      await em.save(message);
    }
    // 21610: the carrier says this number replied STOP to us; honour it as an opt-out with its proof.
    if (errorCode === '21610') {
      await recordConsentChange(em, contact, { kind: 'opt_out', source: 'provider', messageId: message.id, detail: 'twilio error 21610', at: deps.clock.now() });
    }
    events.push(() => deps.bus.emit('message:updated', toMessageView(message, contact.phone)));
  });
}

