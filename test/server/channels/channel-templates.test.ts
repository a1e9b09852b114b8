import request from 'supertest';
import { checkedRequest } from '../../support/openapi-check';
import { Channel, Contact, Conversation, Message } from '../../../server/db/entities';
import { ALIYUN_RECEIVED, startCnChannelHuixin, TENCENT_OK } from '../../support/cn-channel';
import type { FakeAliyun } from '../../support/fake-aliyun';
import { ADMIN, eventually, type TestHuixin } from '../../support/test-server';

// Issue 15: a template-only channel's own template mapping, its preview, its callback secret and address list.
const SECRETS_KEY = Buffer.alloc(32, 9).toString('base64');
const ENV_TEMPLATES = JSON.stringify({
  handoff_ack: { code: 'SMS_100001', params: { shop: 'business.name' } },
  agent_reply: { code: 'SMS_100002', params: { content: 'body' }, text: '客服回复：${content}' },
});
const B_SECRET = 'clinic-b-callback-secret-77';

let fake: FakeAliyun;
let hx: TestHuixin;
let token: string;
let channelB: number;

beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('aliyun', {
    templates: ENV_TEMPLATES,
    // Nothing here is meant to reach Tencent: a stray send fails locally.
    env: { CHANNEL_SECRETS_KEY: SECRETS_KEY, TENCENT_SMS_ENDPOINT: 'http://127.0.0.1:9' },
  }));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  const created = await api().post('/api/channels').send({ name: '分店B', provider: 'aliyun', sender: '诊所B', secrets: { accessKeySecret: 'b-secret' } }).expect(201);
  channelB = created.body.id;
});
afterAll(async () => { await hx.close(); await fake.stop(); });

const api = () => ({
  get: (path: string) => checkedRequest(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string) => checkedRequest(hx.url).post(path).set('Authorization', `Bearer ${token}`),
  put: (path: string) => checkedRequest(hx.url).put(path).set('Authorization', `Bearer ${token}`),
  patch: (path: string) => checkedRequest(hx.url).patch(path).set('Authorization', `Bearer ${token}`),
  delete: (path: string) => checkedRequest(hx.url).delete(path).set('Authorization', `Bearer ${token}`),
});
const templatesOf = (id: number | 'default') => api().get(`/api/channels/${id}/templates`).expect(200).then((r) => r.body);
const itemOf = async (id: number | 'default', key: string) => (await templatesOf(id)).items.find((i: { key: string }) => i.key === key);

describe('template mapping per channel', () => {
  it('lists every sendable Huixin template, mapped or not; the environment channel is read-only with its ALIYUN_TEMPLATES', async () => {
    const env = await templatesOf('default');
    expect(env.channel).toEqual({ id: null, provider: 'aliyun', signName: '回信诊所', editable: false });
    expect(env.items[0]).toMatchObject({ key: 'agent_reply', kind: 'free_text', mapping: { code: 'SMS_100002', params: { content: 'body' } } });
    expect(env.items[0].preview).toMatchObject({ text: '【回信诊所】客服回复：明天上午十点可以来，请带上病历。', billed: 1 });
    const keys = env.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['appointment_reminder', 'appointment_confirmed', 'handoff_ack', 'csat_survey']));
    expect(env.items.find((i: { key: string }) => i.key === 'appointment_reminder')).toMatchObject({ mapping: null, preview: null, huixinText: expect.stringContaining('确认请回复1') });

    // A channel never mapped sends with the environment's mapping, and says so.
    const b = await templatesOf(channelB);
    expect(b).toMatchObject({ source: 'environment', channel: { id: channelB, signName: '诊所B', editable: true } });
    expect(b.items.find((i: { key: string }) => i.key === 'handoff_ack').mapping.code).toBe('SMS_100001');
  });

  it('refuses a mapping naming the field at fault, and stores none of it', async () => {
    const put = (key: string, body: object) => api().put(`/api/channels/${channelB}/templates/${key}`).send(body);
    const good = { code: 'SMS_200010', text: '您的预约${time}已确认', params: { time: 'appointment.when' } };
    expect((await put('no_such_template', good).expect(400)).body.error).toMatchObject({ code: 'invalid_field', field: 'key' });
    expect((await put('appointment_confirmed', { ...good, params: { when: 'appointment.when' } }).expect(400)).body.error)
      .toMatchObject({ code: 'invalid_field', field: 'params.when', message: expect.stringContaining('${when}') });
    expect((await put('appointment_confirmed', { ...good, code: '1234' }).expect(400)).body.error).toMatchObject({ field: 'code' });
    expect((await put('appointment_confirmed', { ...good, params: { time: 'contact.password' } }).expect(400)).body.error).toMatchObject({ field: 'params.time' });
    expect((await put('handoff_ack', { ...good, params: { time: 'appointment.when' } }).expect(400)).body.error).toMatchObject({ field: 'params.time' });
    expect((await put('agent_reply', { code: 'SMS_200002', text: '您好${name}', params: { name: 'contact.name' } }).expect(400)).body.error).toMatchObject({ field: 'params' });
    expect((await put('appointment_confirmed', { ...good, text: '' }).expect(400)).body.error).toMatchObject({ field: 'text' });
    expect((await templatesOf(channelB)).source).toBe('environment');
    await api().get('/api/channels/default/templates').expect(200);
    await api().put(`/api/channels/99999/templates/agent_reply`).send(good).expect(404);
  });

  it('maps a template and previews exactly what the carrier delivers: 【签名】, the filled text, its length and the China billing count', async () => {
    const res = await api().put(`/api/channels/${channelB}/templates/appointment_confirmed`)
      .send({ code: 'SMS_200010', text: '您的预约${time}已确认，地点${place}', params: { time: 'appointment.when' } }).expect(200);
    expect(res.body.mapping).toEqual({ code: 'SMS_200010', text: '您的预约${time}已确认，地点${place}', params: { time: 'appointment.when' } });
    const text = '【诊所B】您的预约11月26日(周四) 10:00已确认，地点${place}';
    expect(res.body.preview).toEqual({ text, length: [...text].length, billed: 1, warnings: [{ kind: 'unmapped_param', param: 'place' }] });

    // Over 70 characters, signature included, China bills 67 per part.
    const long = `${'请按时到诊，'.repeat(12)}\${time}见`;
    const billed = await api().put(`/api/channels/${channelB}/templates/appointment_reminder`)
      .send({ code: 'SMS_200011', text: long, params: { time: 'appointment.when' } }).expect(200);
    expect(billed.body.preview.length).toBeGreaterThan(70);
    expect(billed.body.preview.billed).toBe(Math.ceil(billed.body.preview.length / 67));

    // The first edit started from the environment's mapping: nothing else was unmapped.
    const b = await templatesOf(channelB);
    expect(b.source).toBe('channel');
    expect(b.items.find((i: { key: string }) => i.key === 'handoff_ack').mapping.code).toBe('SMS_100001');
    expect((await itemOf('default', 'appointment_confirmed')).mapping).toBeNull();
  });

  it('unmaps a template; a second unmapping is 404; a Twilio channel has no mapping', async () => {
    await api().put(`/api/channels/${channelB}/templates/csat_thanks`).send({ code: 'SMS_200012', text: '谢谢您的评价', params: {} }).expect(200);
    await api().delete(`/api/channels/${channelB}/templates/csat_thanks`).expect(204);
    expect((await itemOf(channelB, 'csat_thanks')).mapping).toBeNull();
    await api().delete(`/api/channels/${channelB}/templates/csat_thanks`).expect(404);
    const twilio = await api().post('/api/channels').send({ name: 'T', provider: 'twilio', sender: '+8610690009' }).expect(201);
    expect((await api().get(`/api/channels/${twilio.body.id}/templates`).expect(409)).body.error.code).toBe('not_template_only');
  });
});

let phoneCounter = 0;
const nextMobile = () => `1391111${String(++phoneCounter).padStart(4, '0')}`;
const smsUp = (mobile: string, content: string, sequenceId: string) =>
  ({ phone_number: mobile, content, send_time: '2026-11-24 11:00:00', dest_code: '1234', sequence_id: sequenceId });
/** Unchecked: a channel's secret callback path is the documented callback under a prefix the document words, not lists. */
const push = (path: string, body: unknown, from?: string) => {
  const req = request(hx.url).post(path).set('Content-Type', 'application/json');
  return (from ? req.set('X-Forwarded-For', from) : req).send(JSON.stringify(body));
};
const conversationOf = async (mobile: string) =>
  hx.ds.manager.findOneByOrFail(Conversation, { contactId: (await hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` })).id });

describe("a channel's own callback secret and address list", () => {
  let onB: string;

  it('refuses a secret that is too short or an address list that does not parse, naming the field', async () => {
    const bad = await api().patch(`/api/channels/${channelB}`).send({ secrets: { callbackSecret: 'short' } }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'secrets.callbackSecret' });
    const ips = await api().patch(`/api/channels/${channelB}`).send({ config: { accessKeyId: 'b', callbackIps: '203.0.113.0/99' } }).expect(400);
    expect(ips.body.error).toMatchObject({ code: 'invalid_field', field: 'config.callbackIps' });
  });

  it('moves the callbacks under the secret path, which names the channel; the plain paths answer 404', async () => {
    await push('/webhooks/aliyun/sms-up', [smsUp(nextMobile(), '你好', 'plain-1')]).expect(200);
    const set = await api().patch(`/api/channels/${channelB}`)
      .send({ config: { accessKeyId: 'b', callbackIps: '203.0.113.0/24' }, secrets: { callbackSecret: B_SECRET } }).expect(200);
    expect(set.body.secretKeysSet).toEqual(['accessKeySecret', 'callbackSecret']);
    expect(JSON.stringify(set.body)).not.toContain(B_SECRET);

    onB = nextMobile();
    await push('/webhooks/aliyun/sms-up', [smsUp(onB, '人工', 'b-1')], '203.0.113.5').expect(404);
    const res = await push(`/webhooks/aliyun/${B_SECRET}/sms-up`, [smsUp(onB, '人工', 'b-1')], '203.0.113.5').expect(200);
    expect(res.text).toBe(ALIYUN_RECEIVED);
    // The push names no signature: the secret path alone says it came in on channel B.
    expect((await conversationOf(onB)).channelId).toBe(channelB);
    // The bot's answer leaves on B, with B's signature and B's mapping (copied from the environment's on first edit).
    const send = await eventually(() => fake.sends.find((s) => s.phoneNumbers === onB));
    expect(send).toMatchObject({ signName: '诊所B', templateCode: 'SMS_100001' });
    await push(`/webhooks/aliyun/${B_SECRET}/sms-report`, [{ success: true, biz_id: send.bizId, err_code: 'DELIVERED' }], '203.0.113.5').expect(200);
    const reply = await eventually(async () => hx.ds.manager.findOne(Message, { where: { providerMessageId: send.bizId, status: 'delivered' } }));
    expect(reply.channelId).toBe(channelB);
  });

  it('refuses an address outside the channel’s list with 403 forbidden_source', async () => {
    const mobile = nextMobile();
    const res = await push(`/webhooks/aliyun/${B_SECRET}/sms-up`, [smsUp(mobile, '你好', 'ip-1')], '198.51.100.7').expect(403);
    expect(res.body.error.code).toBe('forbidden_source');
    expect(await hx.ds.manager.countBy(Contact, { phone: `+86${mobile}` })).toBe(0);
  });

  it('refuses an agent’s free text in the composer when B has no customer-service template, and sends it through B’s once mapped', async () => {
    const conv = await conversationOf(onB);
    const path = (p: string) => `/api/conversations/${conv.id}${p}`;
    await api().delete(`/api/channels/${channelB}/templates/agent_reply`).expect(204);
    const rules = await api().get(path('/reply-rules')).expect(200);
    expect(rules.body).toMatchObject({ templateOnly: true, maxLength: 0, reason: expect.stringContaining('agent_reply') });
    const before = await hx.ds.manager.countBy(Message, { conversationId: conv.id, direction: 'out' });
    const refused = await api().post(path('/messages')).send({ body: '明天见' }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'template_required', field: 'body' });
    expect(await hx.ds.manager.countBy(Message, { conversationId: conv.id, direction: 'out' })).toBe(before);

    await api().put(`/api/channels/${channelB}/templates/agent_reply`)
      .send({ code: 'SMS_200002', text: '诊所B客服：${content}', params: { content: 'body' } }).expect(200);
    expect((await api().get(path('/reply-rules')).expect(200)).body).toEqual({ templateOnly: true, maxLength: 35 });
    await api().post(path('/messages')).send({ body: '明天见' }).expect(201);
    const send = await eventually(() => fake.sends.find((s) => s.phoneNumbers === onB && s.templateCode === 'SMS_200002'));
    expect(send).toMatchObject({ signName: '诊所B', templateParam: { content: '明天见' } });
    const row = await hx.ds.manager.findOneByOrFail(Channel, { id: channelB });
    expect(row.templates?.agent_reply).toMatchObject({ code: 'SMS_200002' });
  });
});

describe('a Tencent channel’s callback secret', () => {
  it('takes replies under its secret path for that channel, and 404s the plain path', async () => {
    const secret = 'tencent-c-callback-secret-9';
    const c = await api().post('/api/channels')
      .send({ name: '分店C', provider: 'tencent', sender: '诊所C', config: { secretId: 'AKID-c', sdkAppId: '1400000001' }, secrets: { callbackSecret: secret } }).expect(201);
    const mobile = nextMobile();
    const reply = { nationcode: '86', mobile, text: '你好', sign: '', time: 1732417200, extend: '' };
    await push('/webhooks/tencent/reply', reply).expect(404);
    const res = await push(`/webhooks/tencent/${secret}/reply`, reply).expect(200);
    expect(res.text).toBe(TENCENT_OK);
    expect((await conversationOf(mobile)).channelId).toBe(c.body.id);
    // The same secret cannot name two channels of one provider.
    const twice = await api().post('/api/channels').send({ name: 'D', provider: 'tencent', sender: '诊所D', secrets: { callbackSecret: secret } }).expect(400);
    expect(twice.body.error).toMatchObject({ field: 'secrets.callbackSecret' });
  });
});
