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

/** The answer Aliyun's push checks (a numeric `code`); anything else, or a non-200, is pushed again (PROVIDERS.md §2a). */
const RECEIVED = { code: 0, msg: '接收成功' };
const MAX_BATCH = 1000;

type Item = CallbackItem;
const text = fieldText;

/** SmsUp (§2a): `phone_number` has no +86, `sequence_id` string or number, `dest_code` the extension the text came in on. */
function inboundOf(config: Config, item: Item, i: number, channelId: number | undefined): InboundSms {
  const destCode = text(item.dest_code);
  const { id, from, body } = validateInboundFields(
    { id: text(item.sequence_id), from: item.phone_number, body: item.content },
    { id: `${i}.sequence_id`, from: `${i}.phone_number`, body: `${i}.content` }, config.DEFAULT_REGION);
  if (destCode && destCode.length > 32) throw new HttpError(400, 'invalid_field', 'dest_code is longer than 32 characters', `${i}.dest_code`);
  // "up:" keeps an inbound sequence id apart from outbound BizIds in the (provider, provider id) unique index. The
  // text names no number of ours: what it was sent to is the signature (sign_name, when the push carries it).
  const to = (text(item.sign_name) ?? '').slice(0, 64);
  return { provider: 'aliyun', providerMessageId: `up:${id}`, from, to, body, media: [], extendCode: destCode, channelId };
}

function segments(v: unknown): number | null {
  // Only a number or its text: Number() of an arbitrary object can throw (a fuzzed `{"__proto__": …}` has no toString).
  const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n < 1000 ? n : null;
}

/**
 * SmsReport, domestic (§2b: success, err_code, biz_id, out_id, sms_size) or international (§2c: Status "1"/"2"/"6",
 * ErrorCode, MessageId, SmsSize). `out_id` is the Huixin message id we sent as OutId.
 */
function receiptOf(item: Item, i: number): Receipt {
  const international = 'Status' in item || 'MessageId' in item;
  if (international) {
    const id = text(item.MessageId);
    const state = text(item.Status);
    if (!id) throw new HttpError(400, 'invalid_field', 'MessageId is required', `${i}.MessageId`);
    if (!state || !['1', '2', '6'].includes(state)) throw new HttpError(400, 'invalid_field', 'Status must be "1", "2" or "6"', `${i}.Status`);
    const code = text(item.ErrorCode);
    return {
      provider: 'aliyun', providerMessageId: id, status: state === '1' ? 'delivered' : 'undelivered', billedSegments: segments(item.SmsSize),
      errorCode: state === '1' ? null : receiptReason(state === '6' ? '6' : code, text(item.ErrorDescription)),
      errorMessage: state === '1' ? null : `${code ?? state}: ${text(item.ErrorDescription) ?? ''}`.slice(0, 255),
    };
  }
  const bizId = text(item.biz_id);
  const outId = text(item.out_id);
  if (!bizId && !outId) throw new HttpError(400, 'invalid_field', 'biz_id or out_id is required', `${i}.biz_id`);
  if (typeof item.success !== 'boolean' && item.success !== 'true' && item.success !== 'false') {
    throw new HttpError(400, 'invalid_field', 'success must be true or false', `${i}.success`);
  }
  const ok = item.success === true || item.success === 'true';
  const code = text(item.err_code);
  return {
    provider: 'aliyun', providerMessageId: bizId, recipient: text(item.phone_number), messageId: outId && /^\d{1,15}$/.test(outId) ? Number(outId) : null,
    status: ok ? 'delivered' : 'undelivered', billedSegments: segments(item.sms_size),
    errorCode: ok ? null : receiptReason(code, text(item.err_msg)),
    errorMessage: ok ? null : `${code ?? 'unknown'}: ${text(item.err_msg) ?? ''}`.slice(0, 255),
  };
}

/**
 * Aliyun's HTTP batch push (PROVIDERS.md §2). Each push is answered only after every item in it is stored; Aliyun
 * pushes duplicates ("回执消息不保证幂等性"), which change nothing: an inbound id seen before is a no-op and a
 * receipt never moves a status back. A push that cannot be read answers 400, which Aliyun retries. Under a channel's
 * secret path, texts belong to that channel.
 */
export function aliyunRoutes(config: Config, deps: InboundDeps, places: () => Promise<CallbackPlace[]>): Router {
  const routes = Router();
  routes.use(express.json({ limit: '1mb', strict: false }));
  const push = { provider: 'Aliyun', maxBatch: MAX_BATCH, answer: RECEIVED };
  routes.post('/sms-up', batchCallback({ ...push, parse: (item, i, res) => inboundOf(config, item, i, callbackChannel(res)), store: (texts) => receiveInboundBatch(deps, texts) }));
  routes.post('/sms-report', batchCallback({ ...push, parse: receiptOf, store: (receipts, receivedAt) => applyReceipts(deps, receipts, receivedAt) }));
  return guardedCallbacks({ provider: 'Aliyun', places }, routes);
}
