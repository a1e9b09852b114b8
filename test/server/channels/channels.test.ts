import { checkedRequest as request } from '../../support/openapi-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Channel, Contact, Conversation, Message, Service } from '../../../server/db/entities';
import { extraWorker, local } from '../appointments/support';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

const AUTH_TOKEN = 'channels-auth-token';
const PUBLIC_URL = 'https://huixin.example.com';
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');
const NUMBER_B = '+8610690002';
const SERVICE_C = 'MG0123456789abcdef0123456789abcdef';

let twilio: FakeTwilio;
let hx: TestHuixin;
let token: string;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL, CHANNEL_SECRETS_KEY: SECRETS_KEY }, { startSender: false });
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

const api = () => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`),
  patch: (path: string) => request(hx.url).patch(path).set('Authorization', `Bearer ${token}`),
});

let sidCounter = 0;
/** A customer's text as Twilio posts it, signed over PUBLIC_URL as behind a proxy. */
function textIn(from: string, to: string, body: string, extra: Record<string, string> = {}) {
  const params = { MessageSid: `SMch${String(++sidCounter).padStart(30, '0')}`, AccountSid: 'ACtest', From: from, To: to, Body: body, NumMedia: '0', ...extra };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
  return request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200);
}

function statusIn(params: Record<string, string>) {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/status`, params);
  return request(hx.url).post('/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params).expect(204);
}

const sendsTo = (phone: string) => twilio.sends.filter((s) => s.to === phone);

describe('channels', () => {
  let channelB: number;

  it('keeps secrets write-only and encrypted at rest', async () => {
    const created = await api().post('/api/channels').send({ name: 'Clinic B', provider: 'twilio', sender: NUMBER_B, secrets: { authToken: AUTH_TOKEN } }).expect(201);
    channelB = created.body.id;
    expect(created.body).toMatchObject({ sender: NUMBER_B, secretsSet: true, secretKeysSet: ['authToken'] });
    expect(JSON.stringify(created.body)).not.toContain(AUTH_TOKEN);
    const list = await api().get('/api/channels').expect(200);
    expect(JSON.stringify(list.body)).not.toContain(AUTH_TOKEN);
    expect(list.body.default).toMatchObject({ provider: 'twilio', sender: '+8610690001' });
    const row = await hx.ds.manager.findOneByOrFail(Channel, { id: channelB });
    expect(row.secrets).toMatch(/^v1:/);
    expect(row.secrets).not.toContain(AUTH_TOKEN);
    expect(Buffer.from(row.secrets!.split(':')[3], 'base64').toString('latin1')).not.toContain(AUTH_TOKEN);
  });

  it('answers a customer from the number they texted, bot and agent alike', async () => {
    await textIn('+8613700150001', '+8610690001', '人工');
    await textIn('+8613700150002', NUMBER_B, '人工');
    await hx.sender.drain();
    expect(sendsTo('+8613700150001').map((s) => s.from)).toEqual(['+8610690001']);
    expect(sendsTo('+8613700150002').map((s) => s.from)).toEqual([NUMBER_B]);

    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613700150002' });
    const conversation = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: contact.id });
    expect(conversation.channelId).toBe(channelB);
    await api().post(`/api/conversations/${conversation.id}/messages`).send({ body: '您好，这里是B诊所' }).expect(201);
    await hx.sender.drain();
    expect(sendsTo('+8613700150002').map((s) => [s.from, s.body])).toContainEqual([NUMBER_B, expect.stringContaining('这里是B诊所')]);
    const stored = await hx.ds.manager.findBy(Message, { contactId: contact.id, direction: 'out' });
    expect(stored.every((m) => m.channelId === channelB)).toBe(true);
  });

  it('follows the customer to the channel they texted last', async () => {
    await textIn('+8613700150003', NUMBER_B, '你好');
    await textIn('+8613700150003', '+8610690001', '人工');
    await hx.sender.drain();
    expect(sendsTo('+8613700150003').at(-1)?.from).toBe('+8610690001');
  });

  it('sends through a Messaging Service as MessagingServiceSid, not From', async () => {
    await api().post('/api/channels').send({ name: 'Pool', provider: 'twilio', sender: SERVICE_C }).expect(201);
    await textIn('+8613700150004', '+8610690099', '人工', { MessagingServiceSid: SERVICE_C });
    await hx.sender.drain();
    const [sent] = sendsTo('+8613700150004');
    expect(sent.messagingServiceSid).toBe(SERVICE_C);
    expect(sent.from).toBe('');
  });

  it('shows why an undelivered message did not arrive, and keeps the billed segments', async () => {
    await textIn('+8613700150005', NUMBER_B, '人工');
    await hx.sender.drain();
    const [sent] = sendsTo('+8613700150005');
    await statusIn({ MessageSid: sent.sid, MessageStatus: 'undelivered', ErrorCode: '30003', NumSegments: '2', To: '+8613700150005' });
    const message = await hx.ds.manager.findOneByOrFail(Message, { providerMessageId: sent.sid });
    expect(message).toMatchObject({ status: 'undelivered', errorCode: '30003', billedSegments: 2 });
    expect(message.errorMessage).toMatch(/unreachable/i);
    const thread = await api().get(`/api/conversations/${message.conversationId}/messages`).expect(200);
    const view = thread.body.items.find((m: { id: number }) => m.id === message.id);
    expect(view.errorReason.zh).toContain('无法接通');
    expect(view.errorReason.en).toMatch(/unreachable/i);
  });

  it('checks the signature of a channel on another Twilio account with that account\'s token', async () => {
    await api().post('/api/channels').send({ name: 'Other account', provider: 'twilio', sender: '+8610690077', config: { accountSid: 'ACother' }, secrets: { authToken: 'other-token' } }).expect(201);
    const params = { MessageSid: 'SMother00000000000000000000000001', AccountSid: 'ACother', From: '+8613700150007', To: '+8610690077', Body: '人工', NumMedia: '0' };
    const signedBy = (token: string) => getExpectedTwilioSignature(token, `${PUBLIC_URL}/webhooks/twilio`, params);
    await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signedBy('not-the-token')).send(params).expect(403);
    await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signedBy('other-token')).send(params).expect(200);
    await hx.sender.drain();
    expect(sendsTo('+8613700150007').map((s) => [s.account, s.from])).toEqual([['ACother', '+8610690077']]);
  });

  // Last: it moves the server's clock a day on.
  it('sends a booking confirmation and its reminder from the channel the customer texted', async () => {
    const phone = '+8613700150006';
    hx.clock.set(local('2027-03-22 11:00'));
    token = await hx.loginAs(ADMIN.email, ADMIN.password);   // the old session expired in the months skipped
    await textIn(phone, NUMBER_B, '你好');
    const cleaning = await hx.ds.manager.findOneByOrFail(Service, { name: '洗牙' });
    await api().post('/api/appointments').send({ contactPhone: phone, serviceId: cleaning.id, startsAt: local('2027-03-24 10:00').toISOString() }).expect(201);
    hx.clock.set(local('2027-03-23 10:00'));
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone });
    await extraWorker(hx, hx.clock).runDue();   // the server's own worker polls once a minute here
    await hx.sender.drain();
    const sent = await hx.ds.manager.findBy(Message, { contactId: contact.id, direction: 'out' });
    expect(sent.map((m) => m.templateKey)).toEqual(expect.arrayContaining(['appointment_confirmed', 'appointment_reminder']));
    expect(new Set(sendsTo(phone).map((s) => s.from))).toEqual(new Set([NUMBER_B]));
    expect(sendsTo(phone).length).toBe(sent.length);
  });
});

describe('channels without CHANNEL_SECRETS_KEY', () => {
  it('refuses to store secrets rather than keep them in plain text', async () => {
    const bare = await startTestHuixin({}, { startSender: false });
    try {
      const t = await bare.loginAs(ADMIN.email, ADMIN.password);
      const res = await request(bare.url).post('/api/channels').set('Authorization', `Bearer ${t}`)
        .send({ name: 'B', provider: 'twilio', sender: NUMBER_B, secrets: { authToken: 'x' } }).expect(409);
      expect(res.body.error.code).toBe('secrets_key_missing');
      expect(await bare.ds.manager.count(Channel)).toBe(0);
    } finally {
      await bare.close();
    }
  });
});
