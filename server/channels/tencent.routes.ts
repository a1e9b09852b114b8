import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import type { Config } from '../config';
import { receiveInboundBatch } from '../conversations/receive-batch';
import type { InboundDeps } from '../conversations/receive-inbound';
import { HttpError } from '../http/errors';
import { applyReceipts, type Receipt } from './apply-receipt';
import { batchCallback, fieldText, type CallbackItem } from './batch-callback';
import { callbackChannel, guardedCallbacks, type CallbackPlace } from './callback-guard';
import { validateInboundFields } from './inbound-validation';
import { receiptReason } from './receipt-reasons';
import type { InboundSms } from './sms-provider';

/** What Tencent's callbacks expect back (PROVIDERS.md §3a, §3b). */
const OK = { result: 0, errmsg: 'OK' };
const MAX_BATCH = 100;

type Item = CallbackItem;
const text = fieldText;

/**
 * A reply (§3a) carries no id of its own, so its id is a digest of what identifies it (number, second, text):
 * Tencent's retries of one reply land on the same id and are ignored.
 */
function inboundOf(config: Config, item: Item, i: number, channelId: number | undefined): InboundSms {
  const nation = text(item.nationcode) ?? '86';
  const mobile = text(item.mobile);
  const time = text(item.time);
  if (!/^\d{1,4}$/.test(nation)) throw new HttpError(400, 'invalid_field', 'nationcode must be digits', `${i}.nationcode`);
  if (!time) throw new HttpError(400, 'invalid_field', 'time is required', `${i}.time`);
  const digest = createHash('sha256').update(JSON.stringify([nation, mobile, time, item.text ?? ''])).digest('hex').slice(0, 40);
  const { id, from, body } = validateInboundFields(
    { id: `mo:${digest}`, from: mobile ? `+${nation}${mobile.replace(/^\+/, '')}` : mobile, body: item.text },
    { id: `${i}.time`, from: `${i}.mobile`, body: `${i}.text` }, config.DEFAULT_REGION);
  const extend = text(item.extend);
  if (extend && extend.length > 32) throw new HttpError(400, 'invalid_field', 'extend is longer than 32 characters', `${i}.extend`);
  // The text names no number of ours: what it was sent to is the signature.
  return { provider: 'tencent', providerMessageId: id, from, to: (text(item.sign) ?? '').slice(0, 64), body, media: [], extendCode: extend, channelId };
}

/** A status report (§3b): `sid` is the SerialNo SendSms gave, `ext` the SessionContext (our message id) when enabled. */
function receiptOf(item: Item, i: number): Receipt {
  const sid = text(item.sid);
  const ext = text(item.ext);
  if (!sid && !ext) throw new HttpError(400, 'invalid_field', 'sid is required', `${i}.sid`);
  const state = text(item.report_status);
  if (state !== 'SUCCESS' && state !== 'FAIL') throw new HttpError(400, 'invalid_field', 'report_status must be SUCCESS or FAIL', `${i}.report_status`);
  const code = text(item.errmsg);
  const description = text(item.description);
  const ok = state === 'SUCCESS';
  return {
    provider: 'tencent', providerMessageId: sid, messageId: ext && /^\d{1,15}$/.test(ext) ? Number(ext) : null,
    status: ok ? 'delivered' : 'undelivered',
    errorCode: ok ? null : receiptReason(code, description),
    errorMessage: ok ? null : `${code ?? 'FAIL'}: ${description ?? ''}`.slice(0, 255),
  };
}

/**
 * Tencent Cloud SMS callbacks (PROVIDERS.md §3): answered `{"result":0,"errmsg":"OK"}` once everything in the
 * request is stored; repeats change nothing. A request that cannot be read answers 400 (Tencent retries twice).
 * Reply callbacks are documented as one object, status reports as arrays of up to 100; both shapes are taken for both.
 * Under a channel's secret path, replies belong to that channel.
 */
export function tencentRoutes(config: Config, deps: InboundDeps, places: () => Promise<CallbackPlace[]>): Router {
  const routes = Router();
  routes.use(express.json({ limit: '1mb', strict: false }));
  const callback = { provider: 'Tencent', maxBatch: MAX_BATCH, answer: OK };
  routes.post('/reply', batchCallback({ ...callback, parse: (item, i, res) => inboundOf(config, item, i, callbackChannel(res)), store: (texts) => receiveInboundBatch(deps, texts) }));
  routes.post('/status', batchCallback({ ...callback, parse: receiptOf, store: (receipts, receivedAt) => applyReceipts(deps, receipts, receivedAt) }));
  return guardedCallbacks({ provider: 'Tencent', places }, routes);
}
