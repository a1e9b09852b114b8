import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { metric, parseMetrics, scrape } from '../../support/metrics-text';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

const TOKEN = 'metrics-token-for-tests-0002';
const AUTH_TOKEN = 'test-auth-token-metrics';
const PUBLIC_URL = 'https://huixin.example.com';
const ALIYUN_SECRET = 'aliyun-metrics-secret-0042';

let hx: TestHuixin;
beforeAll(async () => {
  hx = await startTestHuixin({ METRICS_TOKEN: TOKEN, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL, ALIYUN_CALLBACK_SECRET: ALIYUN_SECRET });
});
afterAll(() => hx.close());

let sidCounter = 0;
const nextSid = () => `SMmetrics${String(++sidCounter).padStart(8, '0')}`;

/** Posts as Twilio would: form-encoded and signed over PUBLIC_URL + path. */
function postSigned(path: string, params: Record<string, string>) {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
  return request(hx.url).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}
const inbound = (from: string, body: string) => ({ MessageSid: nextSid(), AccountSid: 'ACtest', From: from, To: '+8610690000', Body: body, NumMedia: '0' });

/** How much each sample moved between two scrapes (absent before counts as 0). */
const moved = (before: string, after: string, name: string, labels: Record<string, string>) =>
  (metric(after, name, labels) ?? 0) - (metric(before, name, labels) ?? 0);

it('counts signed Twilio webhooks by result, and the texts, decisions and replies they led to', async () => {
  const before = await scrape(hx.url, TOKEN);
  const handOff = inbound('+8613700138001', '人工');
  await postSigned('/webhooks/twilio', handOff).expect(200);
  await postSigned('/webhooks/twilio', handOff).expect(200);   // Twilio's retry of the same MessageSid
  await postSigned('/webhooks/twilio', inbound('+8613700138002', 'TD')).expect(200);
  await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', 'Zm9yZ2Vk').send(inbound('+8613700138003', '你好')).expect(403);
  await postSigned('/webhooks/twilio/status', { MessageSid: 'SMunknown0001', MessageStatus: 'delivered' }).expect(204);
  // Both replies (the hand-off's acknowledgement, the opt-out's confirmation) go out through the loopback provider.
  const after = await eventually(async () => {
    const text = await scrape(hx.url, TOKEN);
    return moved(before, text, 'huixin_sms_sends_total', { provider: 'loopback', outcome: 'sent' }) >= 2 ? text : null;
  });

  const change = (name: string, labels: Record<string, string>) => moved(before, after, name, labels);
  expect(change('huixin_webhooks_total', { provider: 'twilio', result: 'accepted' })).toBe(4);
  expect(change('huixin_webhooks_total', { provider: 'twilio', result: 'refused' })).toBe(1);
  expect(change('huixin_inbound_messages_total', { provider: 'twilio', outcome: 'stored' })).toBe(2);
  expect(change('huixin_inbound_messages_total', { provider: 'twilio', outcome: 'duplicate' })).toBe(1);
  expect(change('huixin_decisions_total', { stage: 'keywords', action: 'handoff' })).toBe(1);
  expect(change('huixin_decisions_total', { stage: 'compliance', action: 'opt_out' })).toBe(1);
  expect(change('huixin_decisions_total', {})).toBe(2);   // a repeat is not decided again
  expect(change('huixin_http_requests_total', { method: 'POST', route: '/webhooks/twilio', status: '200' })).toBe(3);
  expect(change('huixin_http_requests_total', { method: 'POST', route: '/webhooks/twilio', status: '403' })).toBe(1);
  expect(change('huixin_http_requests_total', { method: 'POST', route: '/webhooks/twilio/status', status: '204' })).toBe(1);
  expect(change('huixin_http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/twilio' })).toBe(4);
  expect(change('huixin_sms_send_duration_seconds_count', { provider: 'loopback' })).toBe(2);
});

it('buckets request times around the goals: 5 ms, 100 ms and 1 s are edges', async () => {
  const text = await scrape(hx.url, TOKEN);
  const edges = parseMetrics(text).filter((s) => s.name === 'huixin_http_request_duration_seconds_bucket' && s.labels.route === '/metrics').map((s) => s.labels.le);
  expect(edges).toEqual(expect.arrayContaining(['0.005', '0.1', '1', '+Inf']));
});

it('labels requests by route pattern, so ids, phone numbers, sids and callback secrets never reach the output', async () => {
  await request(hx.url).get('/api/conversations/987654/messages').expect(401);
  await request(hx.url).get('/api/contacts?phone=%2B8613700138011').expect(401);
  await request(hx.url).get('/no/such/page/13700138012').expect(404);
  const push = [{ phone_number: '13700138013', content: '你好', send_time: '2026-11-24 11:00:00', dest_code: '1234', sequence_id: 'seq-metrics-1' }];
  await request(hx.url).post(`/webhooks/aliyun/${ALIYUN_SECRET}/sms-up`).set('Content-Type', 'application/json').send(JSON.stringify(push)).expect(200);
  await request(hx.url).post(`/webhooks/aliyun/${ALIYUN_SECRET}/sms-up`).set('Content-Type', 'application/json').send('[{"phone_number": 5}]').expect(400);

  const text = await scrape(hx.url, TOKEN);
  expect(metric(text, 'huixin_http_requests_total', { route: '/api/conversations/:id/messages', status: '401' })).toBe(1);
  expect(metric(text, 'huixin_http_requests_total', { route: '/api/contacts', status: '401' })).toBe(1);
  expect(metric(text, 'huixin_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
  // A secret path is labelled as the plain one, answered or refused.
  expect(metric(text, 'huixin_http_requests_total', { route: '/webhooks/aliyun/sms-up', status: '200' })).toBe(1);
  expect(metric(text, 'huixin_http_requests_total', { route: '/webhooks/aliyun/sms-up', status: '400' })).toBe(1);
  expect(metric(text, 'huixin_webhooks_total', { provider: 'aliyun', result: 'accepted' })).toBe(1);
  expect(metric(text, 'huixin_webhooks_total', { provider: 'aliyun', result: 'invalid' })).toBe(1);
  expect(metric(text, 'huixin_inbound_messages_total', { provider: 'aliyun', outcome: 'stored' })).toBe(1);

  expect(text).not.toMatch(/137001380\d\d/);   // every number this suite texted from or asked about
  expect(text).not.toContain('987654');
  expect(text).not.toContain(ALIYUN_SECRET);
  expect(text).not.toContain('SMmetrics');
  expect(text).not.toContain(TOKEN);
  const routes = new Set(parseMetrics(text).map((s) => s.labels.route).filter((r): r is string => r !== undefined));
  for (const route of routes) expect(route).toMatch(/^(\/[\w:*|/.-]*|unmatched|static)$/);
});

it('counts a text the pipeline failed on as pipeline_error, with no decision', async () => {
  // The bug pipeline-fault.test.ts plays: a reply naming a variable only appointment replies supply throws at send time.
  const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
  await request(hx.url).post('/api/rules').set('Authorization', `Bearer ${admin}`).send({
    name: 'my visit', match: { kind: 'exact', patterns: ['my visit?'] }, action: 'faq', reply: 'Your visit: {{appointment.when}}',
  }).expect(201);
  const before = await scrape(hx.url, TOKEN);
  await request(hx.url).post('/webhooks/generic').send({ id: randomUUID(), from: '+8613700138021', to: 'huixin', text: 'my visit?' }).expect(200);
  const after = await scrape(hx.url, TOKEN);
  expect(moved(before, after, 'huixin_inbound_messages_total', { provider: 'generic', outcome: 'pipeline_error' })).toBe(1);
  expect(moved(before, after, 'huixin_inbound_messages_total', { provider: 'generic', outcome: 'stored' })).toBe(0);
  expect(moved(before, after, 'huixin_decisions_total', {})).toBe(0);
  expect(moved(before, after, 'huixin_webhooks_total', { provider: 'generic', result: 'accepted' })).toBe(1);
});
