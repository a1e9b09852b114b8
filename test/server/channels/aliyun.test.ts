import request from 'supertest';
import { Contact, Conversation, Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ALIYUN_RECEIVED, ALIYUN_TEMPLATES, aliyunEnv as cnAliyunEnv, startCnChannelHuixin } from '../../support/cn-channel';
import type { FakeAliyun } from '../../support/fake-aliyun';
import { toMessageView } from '../../../server/conversations/views';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { claimedUntil } from '../outbox/outbox-support';

const SECRET = 'aliyun-callback-secret-0123';

let fake: FakeAliyun;
let hx: TestHuixin;
let phoneCounter = 0;
const nextMobile = () => `1390000${String(++phoneCounter).padStart(4, '0')}`;

const aliyunEnv = (extra: Record<string, string> = {}) => cnAliyunEnv(fake.url, { ALIYUN_TEMPLATES: ALIYUN_TEMPLATES, ...extra });

beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('aliyun', { templates: ALIYUN_TEMPLATES }));
});
afterAll(async () => { await hx.close(); await fake.stop(); });

const smsUp = (mobile: string, content: string, sequenceId: string | number, destCode = '1234') =>
  ({ phone_number: mobile, content, send_time: '2026-11-24 11:00:00', dest_code: destCode, sequence_id: sequenceId });
const post = (path: string, body: unknown) => request(hx.url).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));
const contactOf = (mobile: string) => hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` });
const messagesOf = async (mobile: string, direction: 'in' | 'out') =>
  hx.ds.manager.find(Message, { where: { contactId: (await contactOf(mobile)).id, direction }, order: { id: 'ASC' } });

describe('Aliyun SmsUp push', () => {
  it('stores every text of a batch, answers exactly 接收成功, and the bot replies through the mapped template', async () => {
    const [a, b] = [nextMobile(), nextMobile()];
    const res = await post('/webhooks/aliyun/sms-up', [smsUp(a, '人工', 'seq-a1'), smsUp(b, '人工', 8800001)]).expect(200);
    expect(res.text).toBe(ALIYUN_RECEIVED);
    for (const mobile of [a, b]) {
      const [inbound] = await messagesOf(mobile, 'in');
      expect(inbound).toMatchObject({ body: '人工', provider: 'aliyun', extendCode: '1234' });
    }
    const send = await eventually(() => fake.sends.find((s) => s.phoneNumbers === a));
    // The SDK's request as the fake saw it: mainland number without +86, the signature name, the mapped template.
    expect(send).toMatchObject({ signName: '回信诊所', templateCode: 'SMS_100001', templateParam: { shop: expect.any(String) } });
    expect(send.templateParam.shop.length).toBeGreaterThan(0);
    const reply = await eventually(async () => (await messagesOf(a, 'out')).find((m) => m.status === 'sent'));
    expect(send.outId).toBe(String(reply.id));
    expect(reply.providerMessageId).toBe(send.bizId);
    expect(fake.malformed).toEqual([]);
  });

  it('ignores a duplicated text (same sequence_id, pushed twice and twice in one batch) and still answers 0', async () => {
    const mobile = nextMobile();
    const item = smsUp(mobile, '你好', 'dup-1');
    expect((await post('/webhooks/aliyun/sms-up', [item, item]).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect((await post('/webhooks/aliyun/sms-up', [item]).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect(await messagesOf(mobile, 'in')).toHaveLength(1);
  });

  it('refuses an unreadable push with 400 (Aliyun pushes again) and stores none of it', async () => {
    const mobile = nextMobile();
    const res = await post('/webhooks/aliyun/sms-up', [smsUp(mobile, 'ok', 'bad-1'), { content: 'no number', sequence_id: 'bad-2' }]).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', path: [1, 'phone_number'] });
    expect(await hx.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
    await post('/webhooks/aliyun/sms-up', { not: 'an array' }).expect(400);
    await post('/webhooks/aliyun/sms-up', []).expect(400);
  });
});

describe('Aliyun SmsReport push', () => {
  async function sentReply(): Promise<{ mobile: string; reply: Message }> {
    const mobile = nextMobile();
    await post('/webhooks/aliyun/sms-up', [smsUp(mobile, '人工', `r-${mobile}`)]).expect(200);
    const reply = await eventually(async () => (await messagesOf(mobile, 'out')).find((m) => m.status === 'sent'));
    return { mobile, reply };
  }

  it('marks domestic receipts delivered or undelivered with a reason and the billed segments, duplicates changing nothing', async () => {
    const ok = await sentReply();
    const bad = await sentReply();
    const receipts = [
      { phone_number: ok.mobile, send_time: '2026-11-24 11:00:00', report_time: '2026-11-24 11:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '2', biz_id: ok.reply.providerMessageId, out_id: String(ok.reply.id) },
      { phone_number: bad.mobile, send_time: '2026-11-24 11:00:00', report_time: '2026-11-24 11:00:05', success: false, err_code: 'EXPIRED', err_msg: '短信过期', sms_size: '1', biz_id: bad.reply.providerMessageId, out_id: String(bad.reply.id) },
    ];
    expect((await post('/webhooks/aliyun/sms-report', receipts).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect((await post('/webhooks/aliyun/sms-report', [...receipts, receipts[0]]).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: ok.reply.id })).toMatchObject({ status: 'delivered', billedSegments: 2, errorCode: null });
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: bad.reply.id })).toMatchObject({
      status: 'undelivered', billedSegments: 1, errorCode: 'expired', errorMessage: 'EXPIRED: 短信过期',
    });
    // The thread gets the reason in words, in both languages, like a Twilio code's.
    const expired = await hx.ds.manager.findOneByOrFail(Message, { id: bad.reply.id });
    expect(toMessageView(expired, bad.mobile).errorReason).toEqual({ zh: expect.stringContaining('过期'), en: expect.stringMatching(/expired/) });
  });

  // The sender died between Aliyun's answer and its record of it: the rows stay `sending` with no BizId. A batch of
  // their receipts waits for that record once for the whole request, not once per receipt, then records them itself.
  it('records the receipts of sends never stored, waiting once for the whole batch', async () => {
    const unrecorded = [await sentReply(), await sentReply(), await sentReply()];
    for (const { reply } of unrecorded) {
      await hx.ds.manager.update(Message, { id: reply.id }, { providerMessageId: null, sentAt: null, ...claimedUntil(new Date(Date.now() + 60_000)) });
    }
    const receipts = unrecorded.map(({ mobile, reply }, i) => ({ phone_number: mobile, success: true, err_code: 'DELIVERED', sms_size: '1', biz_id: `900${i}^0`, out_id: String(reply.id) }));
    const started = Date.now();
    expect((await post('/webhooks/aliyun/sms-report', receipts).expect(200)).text).toBe(ALIYUN_RECEIVED);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2_500);   // it waited for the sender first…
    expect(took).toBeLessThan(6_000);              // …once, not three times
    for (const [i, { reply }] of unrecorded.entries()) {
      const after = await hx.ds.manager.findOneByOrFail(Message, { id: reply.id });
      expect(after).toMatchObject({ status: 'delivered', providerMessageId: `900${i}^0` });
      expect(after.sentAt).not.toBeNull();
    }
  });

  it('reads the international field names', async () => {
    const { reply } = await sentReply();
    const intl = [{ To: '8521111****', SendDate: 'Thu, 25 Nov 2021 10:25:00 +0800', ReceiveDate: 'Thu, 25 Nov 2021 10:25:33 +0800', Status: '2', ErrorCode: 'UNDELIV', ErrorDescription: 'undelivered', TaskId: '67890', SmsSize: '3', MessageId: reply.providerMessageId }];
    expect((await post('/webhooks/aliyun/sms-report', intl).expect(200)).text).toBe(ALIYUN_RECEIVED);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'undelivered', billedSegments: 3, errorCode: 'undeliverable' });
  });

  it('answers 0 for a receipt of a message it never sent, and 400 for one without success', async () => {
    expect((await post('/webhooks/aliyun/sms-report', [{ success: true, err_code: 'DELIVERED', biz_id: 'unknown^0', out_id: 'x' }]).expect(200)).text).toBe(ALIYUN_RECEIVED);
    await post('/webhooks/aliyun/sms-report', [{ biz_id: '1^0', err_code: 'DELIVERED' }]).expect(400);
  });
});

describe('Aliyun SendSms answers', () => {
  it('retries flow control, and marks a bad number failed without retrying', async () => {
    fake.failNext = [{ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' }];
    const retried = nextMobile();
    await post('/webhooks/aliyun/sms-up', [smsUp(retried, '人工', `t-${retried}`)]).expect(200);
    const queuedAgain = await eventually(async () => (await messagesOf(retried, 'out')).find((m) => m.errorCode === 'isv.BUSINESS_LIMIT_CONTROL'));
    expect(queuedAgain.status).toBe('queued');

    fake.failNext = [{ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }];
    const illegal = nextMobile();
    await post('/webhooks/aliyun/sms-up', [smsUp(illegal, '人工', `i-${illegal}`)]).expect(200);
    const failed = await eventually(async () => (await messagesOf(illegal, 'out')).find((m) => m.status === 'failed'));
    expect(failed).toMatchObject({ errorCode: 'isv.MOBILE_NUMBER_ILLEGAL', attempts: 1 });
  });
});

describe('Aliyun callbacks with ALIYUN_CALLBACK_SECRET and ALIYUN_CALLBACK_IPS', () => {
  let guarded: TestHuixin;
  beforeAll(async () => { guarded = await startTestHuixin(aliyunEnv({ ALIYUN_CALLBACK_SECRET: SECRET, ALIYUN_CALLBACK_IPS: '203.0.113.0/24, 127.0.0.1' })); });
  afterAll(() => guarded.close());
  const postTo = (path: string, body: unknown, from?: string) => {
    const req = request(guarded.url).post(path).set('Content-Type', 'application/json');
    return (from ? req.set('X-Forwarded-For', from) : req).send(JSON.stringify(body));
  };

  it('answers 404 on the plain path and on a wrong secret, and stores under the secret path', async () => {
    const mobile = nextMobile();
    await postTo('/webhooks/aliyun/sms-up', [smsUp(mobile, '你好', 's-1')]).expect(404);
    await postTo(`/webhooks/aliyun/${SECRET.replace(/.$/, 'x')}/sms-up`, [smsUp(mobile, '你好', 's-1')]).expect(404);
    expect(await guarded.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
    const res = await postTo(`/webhooks/aliyun/${SECRET}/sms-up`, [smsUp(mobile, '你好', 's-1')], '203.0.113.9').expect(200);
    expect(res.text).toBe(ALIYUN_RECEIVED);
    expect(await guarded.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(1);
  });

  it('refuses a source outside the allow-list with 403', async () => {
    const mobile = nextMobile();
    const res = await postTo(`/webhooks/aliyun/${SECRET}/sms-up`, [smsUp(mobile, '你好', 'ip-1')], '198.51.100.7').expect(403);
    expect(res.body.error.code).toBe('forbidden_source');
    await postTo(`/webhooks/aliyun/${SECRET}/sms-report`, [{ success: true, biz_id: '1^0' }], '198.51.100.7').expect(403);
    expect(await guarded.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
  });
});

describe('ALIYUN_TEMPLATES at start-up', () => {
  it('stops start-up naming the variable when the mapping is not valid', async () => {
    await expect(startTestHuixin(aliyunEnv({ ALIYUN_TEMPLATES: '{"handoff_ack":{"params":{}}}' }))).rejects.toThrow(/ALIYUN_TEMPLATES/);
    await expect(startTestHuixin({ SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'x' })).rejects.toThrow(/ALIYUN_ACCESS_KEY_SECRET: required/);
  });
});

describe('an agent replying on Aliyun (templates only)', () => {
  it('sends short free text through the mapped customer-service template and refuses longer text with 422 template_required, storing nothing', async () => {
    const token = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    const mobile = nextMobile();
    await post('/webhooks/aliyun/sms-up', [smsUp(mobile, '人工', `agent-${mobile}`)]).expect(200);
    const conversation = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: (await contactOf(mobile)).id });
    const api = (path: string) => `/api/conversations/${conversation.id}${path}`;

    const rules = await request(hx.url).get(api('/reply-rules')).set('Authorization', `Bearer ${token}`).expect(200);
    expect(rules.body).toEqual({ templateOnly: true, maxLength: 35 });

    const before = (await messagesOf(mobile, 'out')).length;
    const long = await request(hx.url).post(api('/messages')).set('Authorization', `Bearer ${token}`).send({ body: '您好，'.repeat(15) }).expect(422);
    expect(long.body.error).toMatchObject({ code: 'template_required', message: expect.stringContaining('35') });
    expect(await messagesOf(mobile, 'out')).toHaveLength(before);

    await request(hx.url).post(api('/messages')).set('Authorization', `Bearer ${token}`).send({ body: '明天上午十点可以来。' }).expect(201);
    const send = await eventually(() => fake.sends.find((s) => s.phoneNumbers === mobile && s.templateCode === 'SMS_100002'));
    expect(send.templateParam).toEqual({ content: '明天上午十点可以来。' });
  });
});
