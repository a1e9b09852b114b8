import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

// What texting cost: billed parts × each channel's price per part, the campaign settings' price where a channel has
// none (the environment's default channel has no row, so always that one). Prices are read when the report is.

const AUTH_TOKEN = 'costs-auth-token';
const PUBLIC_URL = 'https://huixin.example.com';
const CLINIC_B = '+8610690002';

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
