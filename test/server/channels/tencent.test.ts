import request from 'supertest';
import { Contact, Conversation, Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { startCnChannelHuixin, TENCENT_OK, tencentEnv as cnTencentEnv } from '../../support/cn-channel';
import type { FakeTencent } from '../../support/fake-tencent';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

const SECRET = 'tencent-callback-secret-0123';
const TEMPLATES = JSON.stringify({
  handoff_ack: { code: '1100001', params: { 2: 'contact.phone', 1: 'business.name' } },
});

let fake: FakeTencent;
let hx: TestHuixin;
let phoneCounter = 0;
const nextMobile = () => `1380000${String(++phoneCounter).padStart(4, '0')}`;

const tencentEnv = (extra: Record<string, string> = {}) => cnTencentEnv(fake.url, { TENCENT_TEMPLATES: TEMPLATES, ...extra });

beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('tencent', { templates: TEMPLATES }));
});
afterAll(async () => { await hx.close(); await fake.stop(); });

let second = 1764000000;
const reply = (mobile: string, text: string, time = ++second, extend = '') => ({ extend, mobile, nationcode: '86', sign: '回信诊所', text, time });
const post = (path: string, body: unknown) => request(hx.url).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));
const messagesOf = async (mobile: string, direction: 'in' | 'out') => {
  const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` });
  return hx.ds.manager.find(Message, { where: { contactId: contact.id, direction }, order: { id: 'ASC' } });
};

describe('Tencent reply callback', () => {
  it('stores a reply (one object), answers exactly {"result":0,"errmsg":"OK"}, and the bot answers through the mapped template', async () => {
    const mobile = nextMobile();
    const res = await post('/webhooks/tencent/reply', reply(mobile, '人工', undefined, '88')).expect(200);
    expect(res.text).toBe(TENCENT_OK);
    const [inbound] = await messagesOf(mobile, 'in');
    expect(inbound).toMatchObject({ body: '人工', provider: 'tencent', extendCode: '88' });
    const send = await eventually(() => fake.sends.find((s) => s.phoneNumbers[0] === `+86${mobile}`));
    // Params named "1", "2" go in that order whatever order the mapping lists them.
    expect(send).toMatchObject({ smsSdkAppId: '1400006666', signName: '回信诊所', templateId: '1100001', templateParams: [expect.any(String), `+86${mobile}`] });
    const sent = await eventually(async () => (await messagesOf(mobile, 'out')).find((m) => m.status === 'sent'));
    expect(send.sessionContext).toBe(String(sent.id));
    expect(sent.providerMessageId).toBe(send.serialNo);
    expect(fake.malformed).toEqual([]);
  });

  it('takes an array too, and ignores the same reply pushed again', async () => {
    const [a, b] = [nextMobile(), nextMobile()];
    const batch = [reply(a, '你好'), reply(b, '你好')];
    expect((await post('/webhooks/tencent/reply', batch).expect(200)).text).toBe(TENCENT_OK);
    expect((await post('/webhooks/tencent/reply', batch).expect(200)).text).toBe(TENCENT_OK);
    expect(await messagesOf(a, 'in')).toHaveLength(1);
    expect(await messagesOf(b, 'in')).toHaveLength(1);
  });

  it('refuses a reply without a number with 400 and stores nothing of its batch', async () => {
    const mobile = nextMobile();
    await post('/webhooks/tencent/reply', [reply(mobile, 'ok'), { text: 'x', time: 1 }]).expect(400);
    expect(await hx.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
  });
});

describe('Tencent status callback', () => {
  it('marks a batch delivered or undelivered with its reason, by sid or by ext, and repeats change nothing', async () => {
    const [a, b] = [nextMobile(), nextMobile()];
    await post('/webhooks/tencent/reply', [reply(a, '人工'), reply(b, '人工')]).expect(200);
    const sentA = await eventually(async () => (await messagesOf(a, 'out')).find((m) => m.status === 'sent'));
    const sentB = await eventually(async () => (await messagesOf(b, 'out')).find((m) => m.status === 'sent'));
    const reports = [
      { user_receive_time: '2026-11-24 11:00:04', nationcode: '86', mobile: a, report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: sentA.providerMessageId },
      { user_receive_time: '2026-11-24 11:00:04', nationcode: '86', mobile: b, report_status: 'FAIL', errmsg: 'MK:0001', description: '空号', ext: String(sentB.id) },
    ];
    expect((await post('/webhooks/tencent/status', reports).expect(200)).text).toBe(TENCENT_OK);
    expect((await post('/webhooks/tencent/status', [...reports].reverse()).expect(200)).text).toBe(TENCENT_OK);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: sentA.id })).toMatchObject({ status: 'delivered', errorCode: null });
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: sentB.id })).toMatchObject({ status: 'undelivered', errorCode: 'no_such_number', errorMessage: 'MK:0001: 空号' });
  });

  it('refuses an unknown report_status and more than 100 reports with 400', async () => {
    await post('/webhooks/tencent/status', [{ sid: 'x', report_status: 'MAYBE' }]).expect(400);
    await post('/webhooks/tencent/status', Array.from({ length: 101 }, () => ({ sid: 'x', report_status: 'SUCCESS' }))).expect(400);
  });
});

describe('Tencent SendSms answers', () => {
  it('retries the 30-second limit and fails a bad number without retrying', async () => {
    fake.failNext = ['LimitExceeded.PhoneNumberThirtySecondLimit'];
    const limited = nextMobile();
    await post('/webhooks/tencent/reply', reply(limited, '人工')).expect(200);
    const again = await eventually(async () => (await messagesOf(limited, 'out')).find((m) => m.errorMessage?.includes('LimitExceeded.PhoneNumberThirtySecondLimit')));
    expect(again.status).toBe('queued');

    fake.failNext = ['InvalidParameterValue.IncorrectPhoneNumber'];
    const bad = nextMobile();
    await post('/webhooks/tencent/reply', reply(bad, '人工')).expect(200);
    const failed = await eventually(async () => (await messagesOf(bad, 'out')).find((m) => m.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 1, errorMessage: expect.stringContaining('InvalidParameterValue.IncorrectPhoneNumber') });
  });

  it('marks a bot message whose template has no mapping failed with template_unmapped, never sending it', async () => {
    const mobile = nextMobile();
    const before = fake.sends.length;
    await post('/webhooks/tencent/reply', reply(mobile, '你好')).expect(200);
    const [first] = await eventually(async () => { const out = await messagesOf(mobile, 'out'); return out.length && out.every((m) => m.status === 'failed') ? out : null; });
    expect(first).toMatchObject({ status: 'failed', errorCode: 'template_unmapped', errorMessage: expect.stringContaining('agent_reply') });
    expect(fake.sends.slice(before).find((s) => s.phoneNumbers[0] === `+86${mobile}`)).toBeUndefined();
  });
});

describe('Tencent callbacks with TENCENT_CALLBACK_SECRET and TENCENT_CALLBACK_IPS', () => {
  let guarded: TestHuixin;
  beforeAll(async () => { guarded = await startTestHuixin(tencentEnv({ TENCENT_CALLBACK_SECRET: SECRET, TENCENT_CALLBACK_IPS: '203.0.113.0/24,127.0.0.1' })); });
  afterAll(() => guarded.close());
  const postTo = (path: string, body: unknown, from?: string) => {
    const req = request(guarded.url).post(path).set('Content-Type', 'application/json');
    return (from ? req.set('X-Forwarded-For', from) : req).send(JSON.stringify(body));
  };

  it('answers 404 on the plain path, 403 from outside the allow-list, and stores under the secret path', async () => {
    const mobile = nextMobile();
    await postTo('/webhooks/tencent/reply', reply(mobile, '你好')).expect(404);
    await postTo('/webhooks/tencent/status', [{ sid: 'x', report_status: 'SUCCESS' }]).expect(404);
    await postTo(`/webhooks/tencent/${SECRET}/reply`, reply(mobile, '你好'), '198.51.100.7').expect(403);
    expect(await guarded.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
    expect((await postTo(`/webhooks/tencent/${SECRET}/reply`, reply(mobile, '你好'), '203.0.113.20').expect(200)).text).toBe(TENCENT_OK);
    expect(await guarded.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(1);
  });
});

describe('an agent replying on Tencent without a customer-service template', () => {
  it('is told in advance that free text cannot go out, and a reply is refused with 422 before anything is stored', async () => {
    const token = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    const mobile = nextMobile();
    await post('/webhooks/tencent/reply', reply(mobile, '人工')).expect(200);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` });
    const conversation = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: contact.id });
    const rules = await request(hx.url).get(`/api/conversations/${conversation.id}/reply-rules`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(rules.body).toMatchObject({ templateOnly: true, maxLength: 0, reason: expect.stringContaining('agent_reply') });
    const before = (await messagesOf(mobile, 'out')).length;
    const res = await request(hx.url).post(`/api/conversations/${conversation.id}/messages`).set('Authorization', `Bearer ${token}`).send({ body: '好的' }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'template_required' });
    expect(await messagesOf(mobile, 'out')).toHaveLength(before);
  });
});
