import { checkedRequest as request } from '../../support/openapi-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Service } from '../../../server/db/entities';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

// What texting cost: billed parts × each channel's price per part, the campaign settings' price where a channel has
// none (the environment's default channel has no row, so always that one). Prices are read when the report is.

const AUTH_TOKEN = 'costs-auth-token';
const PUBLIC_URL = 'https://huixin.example.com';
const CLINIC_B = '+8610690002';
const CLINIC_C = '+8610690003';
const DEFAULT_NUMBER = '+8610690001';

let twilio: FakeTwilio;
let hx: TestHuixin;
let token: string;
let sid = 0;
const as = (method: 'get' | 'post' | 'patch' | 'put', path: string) => request(hx.url)[method](path).set('Authorization', `Bearer ${token}`);

function textIn(from: string, to: string, body: string) {
  const params = { MessageSid: `SMct${String(++sid).padStart(28, '0')}`, AccountSid: 'ACtest', From: from, To: to, Body: body, NumMedia: '0' };
  return request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params)).send(params).expect(200);
}
function delivered(phone: string, segments: number) {
  const sent = twilio.sends.filter((s) => s.to === phone).at(-1)!;
  const params = { MessageSid: sent.sid, MessageStatus: 'delivered', To: phone, NumSegments: String(segments) };
  return request(hx.url).post('/webhooks/twilio/status').type('form')
    .set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/status`, params)).send(params).expect(204);
}

beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL, CHANNEL_SECRETS_KEY: Buffer.alloc(32, 9).toString('base64') }, { startSender: false, startWorkers: false });
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(async () => { await hx?.close(); await twilio?.stop(); });

it('prices each channel\'s billed parts at its own price, the default channel at the campaign settings\' price', async () => {
  const created = await as('post', '/api/channels').send({ name: 'Clinic B', provider: 'twilio', sender: CLINIC_B, secrets: { authToken: AUTH_TOKEN }, pricePerSegment: 0.06 }).expect(201);
  expect(created.body.pricePerSegment).toBe(0.06);
  await textIn('+8613800000101', '+8610690001', '人工');
  await textIn('+8613800000102', CLINIC_B, '人工');
  await hx.sender.drain();
  await delivered('+8613800000101', 1);
  await delivered('+8613800000102', 3);

  const day = '2026-11-24';   // the test clock's day in Shanghai
  const report = async () => (await as('get', `/api/reports/delivery?from=${day}&to=${day}`).expect(200)).body;
  let body = await report();
  expect(body.byChannel.map((c: { channelId: number; segments: number; pricePerSegment: number; cost: number }) => [c.channelId, c.segments, c.pricePerSegment, c.cost]))
    .toEqual([[0, 1, 0.045, 0.045], [created.body.id, 3, 0.06, 0.18]]);
  expect(body.totals).toMatchObject({ segments: 4, cost: 0.225 });   // 1 × 0.045 + 3 × 0.06

  // A price changed is the price of the whole range (cost is priced when read); a price removed falls back.
  await as('put', '/api/campaign-settings').send({ pricePerSegment: 0.05 }).expect(200);
  await as('patch', `/api/channels/${created.body.id}`).send({ pricePerSegment: null }).expect(200);
  body = await report();
  expect(body.totals).toMatchObject({ segments: 4, cost: 0.2 });   // 4 × 0.05
  const overview = (await as('get', `/api/reports/overview?from=${day}&to=${day}`).expect(200)).body;
  expect(overview.messages).toMatchObject({ segments: 4, cost: 0.2 });

  const bad = await as('patch', `/api/channels/${created.body.id}`).send({ pricePerSegment: 0.0000001 }).expect(400);
  expect(bad.body.error.field).toBe('pricePerSegment');
});

it('prices reminders, campaign texts and the campaign estimate at the price of the channel that sent them', async () => {
  await as('put', '/api/campaign-settings').send({ pricePerSegment: 0.05 }).expect(200);   // the default channel's price
  const c = (await as('post', '/api/channels').send({ name: 'Clinic C', provider: 'twilio', sender: CLINIC_C, secrets: { authToken: AUTH_TOKEN }, pricePerSegment: 0.08 }).expect(201)).body.id as number;
  const day = '2026-11-24';

  // Two reminders: one to a customer who texts Clinic C (replies leave from the channel last texted), one to a
  // customer of the default number. Receipts bill 2 and 1 parts.
  const serviceId = (await hx.ds.manager.findOneByOrFail(Service, { name: '洗牙' })).id;
  const startsAt = new Date(hx.clock.now().getTime() + 26 * 3_600_000).toISOString();
  for (const [phone, to, parts] of [['+8613800000201', CLINIC_C, 2], ['+8613800000202', DEFAULT_NUMBER, 1]] as const) {
    await textIn(phone, to, '你好');
    await hx.sender.drain();
    const booked = await as('post', '/api/appointments').send({ contactPhone: phone, serviceId, startsAt }).expect(201);
    await as('post', `/api/appointments/${booked.body.id}/remind`).send({}).expect(200);
    await hx.sender.drain();
    await delivered(phone, parts);
  }
  const appointments = (await as('get', `/api/reports/appointments?from=${day}&to=${day}`).expect(200)).body;
  expect(appointments.reminders).toMatchObject({ sent: 2, parts: 3, cost: 0.21, costPerReminder: 0.105 });   // 2 × 0.08 + 1 × 0.05

  // A notice on Clinic C to two customers (2 parts each) and one on the default channel to one (1 part).
  const phones = { c: ['+8613800000211', '+8613800000212'], default: ['+8613800000213'] };
  const ids: number[] = [];
  for (const [tag, list, channelId] of [['on-c', phones.c, c], ['on-default', phones.default, null]] as const) {
    for (const phone of list) await as('post', '/api/contacts').send({ phone, name: '王芳', tags: [tag] }).expect(201);
    const segmentId = (await as('post', '/api/segments').send({ name: tag, tagsAny: [tag] }).expect(201)).body.id;
    const id = (await as('post', '/api/campaigns').send({ name: tag, category: 'transactional', segmentId, channelId, body: '本诊所明日正常营业' }).expect(201)).body.id as number;
    if (channelId) expect((await as('get', `/api/campaigns/${id}/preview`).expect(200)).body.estimate).toMatchObject({ pricePerSegment: 0.08 });
    else expect((await as('get', `/api/campaigns/${id}/preview`).expect(200)).body.estimate).toMatchObject({ pricePerSegment: 0.05 });
    await as('post', `/api/campaigns/${id}/start`).send({}).expect(200);
    await hx.sender.drain();
    for (const phone of list) await delivered(phone, channelId ? 2 : 1);
    ids.push(id);
  }
  const campaigns = (await as('get', `/api/reports/campaigns?from=${day}&to=${day}`).expect(200)).body;
  const costOf = (id: number) => campaigns.campaigns.find((r: { id: number }) => r.id === id);
  expect(costOf(ids[0]!)).toMatchObject({ sent: 2, parts: 4, cost: 0.32 });   // 4 × 0.08
  expect(costOf(ids[1]!)).toMatchObject({ sent: 1, parts: 1, cost: 0.05 });   // 1 × 0.05
  expect(campaigns.totals).toMatchObject({ parts: 5, cost: 0.37 });
});
