import request from 'supertest';
import { AliyunProvider } from '../../../server/channels/aliyun.channel';
import { templatesVariable } from '../../../server/channels/provider-templates';
import { ProviderError, type OutboundSms, type SendResult } from '../../../server/channels/sms-provider';
import { Contact, Message } from '../../../server/db/entities';
import { ALIYUN_RECEIVED, ALIYUN_TEMPLATES, startCnChannelHuixin } from '../../support/cn-channel';
import type { FakeAliyun } from '../../support/fake-aliyun';
import type { TestHuixin } from '../../support/test-server';
import { claimedUntil } from '../outbox/outbox-support';


let fake: FakeAliyun;
let hx: TestHuixin;
let aliyun: AliyunProvider;
beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('aliyun', { templates: ALIYUN_TEMPLATES, env: { OUTBOX_POLL_MS: '60000' }, start: { startSender: false } }));
  aliyun = new AliyunProvider({ accessKeyId: 'LTAI-test', accessKeySecret: 'test-secret', signName: '回信诊所', endpoint: fake.url, templates: templatesVariable.parse(ALIYUN_TEMPLATES) });
});
afterAll(async () => { await hx.close(); await fake.stop(); });

let phoneCounter = 0;
const nextMobile = () => `1390100${String(++phoneCounter).padStart(4, '0')}`;
const post = (path: string, body: unknown) => request(hx.url).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));

/** A customer who asked for a person: their acknowledgement waits in the outbox (the sender runs only when drained). */
async function queuedReply(): Promise<{ mobile: string; reply: Message }> {
  const mobile = nextMobile();
  await post('/webhooks/aliyun/sms-up', [{ phone_number: mobile, content: '人工', send_time: '2026-11-24 11:00:00', dest_code: '1234', sequence_id: `b-${mobile}` }]).expect(200);
  const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` });
  const reply = await hx.ds.manager.findOneByOrFail(Message, { contactId: contact.id, direction: 'out' });
  return { mobile, reply };
}

/** What the sender hands a provider for a bulk text to `mobile` (free text through the customer-service template). */
const bulk = (messageId: number, mobile: string, body: string): OutboundSms => ({ messageId, to: `+86${mobile}`, body });

/** Records what the sender records when a batch comes back: each message sent with its own provider id. */
async function recordSent(ids: number[], results: Array<SendResult | ProviderError>): Promise<void> {
  for (const [i, id] of ids.entries()) {
    const r = results[i];
    if (r instanceof ProviderError) throw r;
    await hx.ds.manager.update(Message, { id }, { status: 'sent', providerMessageId: r.providerMessageId, leaseUntil: null });
  }
}

describe('Aliyun SendBatchSms', () => {
  it('sends a batch as one SendBatchSms, a signature and parameter set per number, and receipts (BizId + number) find each message', async () => {
    const customers = [await queuedReply(), await queuedReply(), await queuedReply()];
    const batch = customers.map((c, i) => bulk(c.reply.id, c.mobile, `周末义诊${i}`));
    expect(new Set(batch.map((m) => aliyun.batchKey(m)))).toEqual(new Set(['SMS_100002']));
    const before = fake.batches.length;
    const results = await aliyun.sendBatch(batch);
    expect(fake.batches.length).toBe(before + 1);
    const sent = fake.batches.at(-1)!;
    expect(sent).toMatchObject({
      phoneNumbers: customers.map((c) => c.mobile), signNames: ['回信诊所', '回信诊所', '回信诊所'], templateCode: 'SMS_100002',
      templateParams: [{ content: '周末义诊0' }, { content: '周末义诊1' }, { content: '周末义诊2' }],
    });
    // One BizId for the call; each message keeps an id of its own (the unique index holds), made of it and its number.
    expect(results.map((r) => (r as SendResult).providerMessageId)).toEqual(customers.map((c) => `${sent.bizId}#${c.mobile}`));
    // The call's OutId names its messages without being any one message's id.
    expect(sent.outId).toMatch(/^b:/);
    expect(fake.requests.at(-1)!.headers['x-acs-action']).toBe('SendBatchSms');
    expect(fake.malformed).toEqual([]);

    await recordSent(batch.map((m) => m.messageId), results);
    // Aliyun's receipts for a batch: the same biz_id, each with its number (and the call's out_id, no message's id).
    const [first, second] = customers;
    const report = (mobile: string, success: boolean, errCode: string) => ({
      phone_number: mobile, send_time: '2026-11-24 11:00:01', report_time: '2026-11-24 11:00:05', success, err_code: errCode,
      err_msg: success ? '用户接收成功' : '短信超过有效期', sms_size: '1', biz_id: sent.bizId, out_id: sent.outId,
    });
    await post('/webhooks/aliyun/sms-report', [report(second.mobile, true, 'DELIVERED'), report(first.mobile, false, 'EXPIRED')]).expect(200, ALIYUN_RECEIVED);
    const rows = await hx.ds.manager.findBy(Message, customers.map((c) => ({ id: c.reply.id })));
    const byId = new Map(rows.map((m) => [m.id, m]));
    expect(byId.get(second.reply.id)).toMatchObject({ status: 'delivered', billedSegments: 1 });
    expect(byId.get(first.reply.id)).toMatchObject({ status: 'undelivered', errorCode: 'expired' });
    expect(byId.get(customers[2].reply.id)).toMatchObject({ status: 'sent' });
  });

  it('sends a number that repeats in a call of its own, and a refused call fails only its own messages', async () => {
    const a = nextMobile();
    const b = nextMobile();
    const batch = [bulk(9_000_001, a, '一'), bulk(9_000_002, b, '二'), bulk(9_000_003, a, '三')];
    const before = { batches: fake.batches.length, sends: fake.sends.length };
    fake.failNext = [{ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' }];
    const results = await aliyun.sendBatch(batch);
    // The first call (a, b) was refused; the repeated number went alone (SendSms), as its own call.
    expect(results[0]).toBeInstanceOf(ProviderError);
    expect(results[1]).toBe(results[0]);
    expect(results[0]).toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL', retryable: true });
    expect(fake.batches.length).toBe(before.batches);
    expect(fake.sends.slice(before.sends)).toEqual([expect.objectContaining({ phoneNumbers: a, outId: '9000003', templateParam: { content: '三' } })]);
    expect(results[2]).toEqual({ providerMessageId: fake.sends.at(-1)!.bizId });
  });

  it('throws when a batch that went as one call is refused, so the sender fails every message of it alike', async () => {
    fake.failNext = [{ Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '余额不足' }];
    await expect(aliyun.sendBatch([bulk(9_000_011, nextMobile(), '一'), bulk(9_000_012, nextMobile(), '二')]))
      .rejects.toMatchObject({ code: 'isv.AMOUNT_NOT_ENOUGH', retryable: false });
  });

  it('gives no batch key to a message that cannot go out (text too long for the customer-service template)', () => {
    expect(aliyun.batchKey(bulk(1, nextMobile(), '长'.repeat(36)))).toBeNull();
    expect(aliyun.maxBatch).toBe(100);
  });
});

describe('Aliyun after a crash mid-send (QuerySendDetails)', () => {
  /** The reply's sender claimed it and died: its lease has run out. */
  const abandon = (reply: Message) =>
    hx.ds.manager.update(Message, { id: reply.id }, { ...claimedUntil(new Date(hx.clock.now().getTime() - 1)), attempts: 1 });

  it('finds a reply Aliyun already took (its OutId) and does not send it again; its receipt then brings the BizId', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    fake.sends.push({ phoneNumbers: mobile, signName: '回信诊所', templateCode: 'SMS_100001', templateParam: {}, outId: String(reply.id), bizId: '777001^0', at: new Date() });
    const sendsBefore = fake.sends.length;
    await hx.sender.drain();
    const found = await hx.ds.manager.findOneByOrFail(Message, { id: reply.id });
    expect(found).toMatchObject({ status: 'sent', providerMessageId: `found:${reply.id}` });
    expect(fake.sends.length).toBe(sendsBefore);
    expect(fake.queries.filter((q) => q.phoneNumber === mobile).length).toBeGreaterThan(0);

    const receipt = { phone_number: mobile, send_time: '2026-11-24 11:00:00', report_time: '2026-11-24 11:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: '777001^0', out_id: String(reply.id) };
    expect((await post('/webhooks/aliyun/sms-report', [receipt]).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'delivered', providerMessageId: '777001^0' });
  });

  it('finds a message that went in a batch by the batch OutId', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    fake.batches.push({ phoneNumbers: ['13901009998', mobile], signNames: ['回信诊所', '回信诊所'], templateCode: 'SMS_100002', templateParams: [{}, {}], outId: `b:${reply.id - 5},${reply.id}`, bizId: '777002^0', at: new Date() });
    const sendsBefore = fake.sends.length;
    await hx.sender.drain();
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'sent', providerMessageId: `found:${reply.id}` });
    expect(fake.sends.length).toBe(sendsBefore);
  });

  it('sends a reply Aliyun never got (nothing to that number names it), once', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    // Another message to the same number does not count.
    fake.sends.push({ phoneNumbers: mobile, signName: '回信诊所', templateCode: 'SMS_100001', templateParam: {}, outId: String(reply.id + 1000), bizId: '777003^0', at: new Date() });
    await hx.sender.drain();
    const sent = fake.sends.filter((s) => s.phoneNumbers === mobile && s.outId === String(reply.id));
    expect(sent).toHaveLength(1);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'sent', providerMessageId: sent[0].bizId, attempts: 2 });
    expect(fake.malformed).toEqual([]);
  });
});
