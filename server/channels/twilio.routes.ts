import express, { Router, type Request } from 'express';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { Config } from '../config';
import { receiveInbound, type InboundDeps } from '../conversations/receive-inbound';
import type { MessageStatus } from '../db/entities';
import { HttpError } from '../http/errors';
import { applyReceipt } from './apply-receipt';
import { validateInboundFields } from './inbound-validation';
import { reasonFor } from './receipt-reasons';
import { toE164 } from '../shared/phone';

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

/** The auth tokens of Twilio channels on an account of their own (AccountSid), beside the environment's. */
export type ChannelAuthTokens = (accountSid: string) => Promise<string[]>;

/**
 * Signed with the environment's token, or with the token of a channel on the account the request names. With no
 * token anywhere (a loopback set-up) there is nothing to check against.
 */
async function verifySignature(config: Config, req: Request, channelTokens?: ChannelAuthTokens): Promise<void> {
  const accountSid = typeof req.body.AccountSid === 'string' ? req.body.AccountSid : '';
  const tokens = [config.TWILIO_AUTH_TOKEN, ...(accountSid && channelTokens ? await channelTokens(accountSid) : [])].filter((t): t is string => !!t);
  if (!tokens.length) return;
  const signature = req.get('x-twilio-signature');
  if (!signature) throw new HttpError(403, 'missing_signature', 'X-Twilio-Signature header is required');
  const url = signedUrl(config, req);
  if (!tokens.some((token) => validateRequest(token, signature, url, req.body))) {
    throw new HttpError(403, 'invalid_signature', 'X-Twilio-Signature does not match this request');
  }
}

function requireForm(req: Request): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'unsupported_media_type', 'Twilio webhooks are application/x-www-form-urlencoded');
  }
}

/** Our id for the text, from the callback URL each send names (twilio.channel.ts withOurId); absent on older sends. */
function ourId(m: unknown): number | null {
  if (m === undefined) return null;
  if (typeof m !== 'string' || !/^[1-9]\d{0,15}$/.test(m)) throw new HttpError(400, 'invalid_field', 'm must be the message id this callback URL was given', 'm');
  return Number(m);
}

export function twilioRoutes(config: Config, deps: InboundDeps, channelTokens?: ChannelAuthTokens): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));

  router.post('/', async (req, res) => {
    requireForm(req);
    await verifySignature(config, req, channelTokens);
    const { id, from, body } = validateInboundFields(
      { id: req.body.MessageSid ?? req.body.SmsSid, from: req.body.From, body: req.body.Body },
      { id: 'MessageSid', from: 'From', body: 'Body' }, config.DEFAULT_REGION);
    const numMedia = Math.min(Number(req.body.NumMedia) || 0, 10);
    const media = Array.from({ length: numMedia }, (_, i) => ({ url: req.body[`MediaUrl${i}`], contentType: req.body[`MediaContentType${i}`] }))
      .filter((m): m is { url: string; contentType: unknown } => typeof m.url === 'string' && m.url.length > 0)
      .map((m) => ({ url: m.url, contentType: typeof m.contentType === 'string' && m.contentType ? m.contentType.slice(0, 100) : null }));
    const channelKeys = typeof req.body.MessagingServiceSid === 'string' ? [req.body.MessagingServiceSid] : [];
    await receiveInbound(deps, { provider: 'twilio', providerMessageId: id, from, to: String(req.body.To ?? ''), body, media, channelKeys });
    // Replies go through the outbox (retries, opt-out checks, status tracking), so the TwiML answer stays empty.
    res.type('text/xml').send(EMPTY_TWIML);
  });

  router.post('/status', async (req, res) => {
    requireForm(req);
    await verifySignature(config, req, channelTokens);
    const sid = req.body.MessageSid ?? req.body.SmsSid;
    if (typeof sid !== 'string' || !sid) throw new HttpError(400, 'invalid_field', 'MessageSid is required', 'MessageSid');
    const status = STATUS_MAP[String(req.body.MessageStatus ?? req.body.SmsStatus ?? '')];
    if (!status) throw new HttpError(400, 'invalid_field', 'MessageStatus is not a known Twilio status', 'MessageStatus');
    const errorCode = req.body.ErrorCode ? String(req.body.ErrorCode).slice(0, 32) : null;
    const segments = Number(req.body.NumSegments);
    // A campaign's callbacks come by the thousand at once: committed together with others arriving meanwhile
    // (db/group-commit.ts), keyed by the customer's number like their texts, so never in a group with a text from or
    // another receipt for the same customer.
    const customer = toE164(String(req.body.To ?? ''), config.DEFAULT_REGION) ?? undefined;
    await applyReceipt(deps, {
      provider: 'twilio', providerMessageId: sid, messageId: ourId(req.query.m), status, errorCode,
      // The code is kept per message; the thread shows the human reason for it (receipt-reasons.ts) in the agent's language.
      ...(errorCode ? { errorMessage: reasonFor('twilio', errorCode)?.en ?? `Twilio error ${errorCode}` } : {}),
      billedSegments: Number.isInteger(segments) && segments > 0 && segments < 1000 ? segments : null,
      // 21610: the carrier says this number replied STOP to us; honour it as an opt-out with its proof.
      optOut: errorCode === '21610' ? 'twilio error 21610' : null,
    }, Date.now(), customer);
    res.status(204).end();
  });
  return router;
}
