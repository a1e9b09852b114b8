import request from 'supertest';
import { ProviderError, type SmsProvider } from '../../../server/channels/sms-provider';
import { ScheduledJob } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { metric, scrape } from '../../support/metrics-text';
import { connectAgent } from '../inbox/inbox-client';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

const TOKEN = 'metrics-token-for-tests-0001';

/** A provider that turns every text down for good, as a carrier does an unreachable number. */
const refusingProvider: SmsProvider = {
  name: 'refusing',
  send: async () => { throw new ProviderError('The number is unreachable', false, '21211'); },
};

describe('where /metrics is served', () => {
  let tokenOnly: TestHuixin;
  let ownPort: TestHuixin;
  beforeAll(async () => {
    tokenOnly = await startTestHuixin({ METRICS_TOKEN: TOKEN });
    // The sender and workers stay still, so the outbox and the scheduled jobs hold what the test puts there.
    ownPort = await startTestHuixin({ METRICS_PORT: '0' }, { startSender: false, startWorkers: false });
  });
  afterAll(async () => { await tokenOnly?.close(); await ownPort?.close(); });

  it('answers 401 invalid_metrics_token without the token or with a wrong one, and the text format with it', async () => {
    const missing = await request(tokenOnly.url).get('/metrics').expect(401);
    expect(missing.body).toEqual({ error: { code: 'invalid_metrics_token', message: expect.stringContaining('METRICS_TOKEN') } });
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await request(tokenOnly.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`).expect(401);
    expect(wrong.body.error.code).toBe('invalid_metrics_token');
    // A logged-in admin's session is not the metrics token.
    const session = await tokenOnly.loginAs(ADMIN.email, ADMIN.password);
    await request(tokenOnly.url).get('/metrics').set('Authorization', `Bearer ${session}`).expect(401);

    const res = await request(tokenOnly.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toContain('# TYPE huixin_http_requests_total counter');
    expect(res.text).toContain('# TYPE huixin_http_request_duration_seconds histogram');
    // prom-client's process metrics under their usual names, beside Huixin's own.
    expect(metric(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metric(res.text, 'nodejs_eventloop_lag_seconds')).toBeDefined();
    expect(metric(res.text, 'huixin_http_requests_total', { route: '/metrics', status: '401' })).toBe(3);
  });

  it('serves /metrics on METRICS_PORT bound to loopback, and not on the main port', async () => {
    expect(ownPort.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ownPort.metricsUrl).not.toBe(ownPort.url);
    expect(metric(await scrape(ownPort.metricsUrl!), 'huixin_outbox_depth')).toBe(0);
    const main = await request(ownPort.url).get('/metrics').expect(404);
    expect(main.body.error.code).toBe('not_found');
    const other = await request(ownPort.metricsUrl!).get('/api/conversations').expect(404);
    expect(other.body.error.code).toBe('not_found');
  });

  it('keeps each Huixin\'s counts to itself when two run in one process', async () => {
    await new Customer(tokenOnly, '+8613700139001').text('人工');
    const mine = await scrape(tokenOnly.url, TOKEN);
    const theirs = await scrape(ownPort.metricsUrl!);
    expect(metric(mine, 'huixin_inbound_messages_total', { provider: 'generic', outcome: 'stored' })).toBe(1);
    expect(metric(theirs, 'huixin_inbound_messages_total')).toBeUndefined();
    expect(metric(theirs, 'huixin_webhooks_total')).toBeUndefined();
    expect(metric(theirs, 'huixin_http_requests_total', { route: '/webhooks/generic' })).toBeUndefined();
  });

  it('reads the outbox depth, its oldest row\'s age and the scheduled jobs\' lag at the scrape', async () => {
    const customer = new Customer(ownPort, '+8613700139002');
    await customer.text('人工');   // the hand-off's acknowledgement waits in the outbox: no sender runs
    await customer.text('你好');
    ownPort.clock.advance(90_000);
    const now = ownPort.clock.now();
    await ownPort.ds.manager.insert(ScheduledJob, {
      kind: 'metrics_test', uniqueKey: 'metrics-test:1', dueAt: new Date(now.getTime() - 120_000), payload: {}, status: 'pending', attempts: 0, leaseUntil: null, lastError: null,
    });
    await ownPort.ds.manager.insert(ScheduledJob, {
      kind: 'metrics_test', uniqueKey: 'metrics-test:later', dueAt: new Date(now.getTime() + 600_000), payload: {}, status: 'pending', attempts: 0, leaseUntil: null, lastError: null,
    });
    const text = await scrape(ownPort.metricsUrl!);
    const queued = (await customer.replies()).filter((m) => m.status === 'queued').length;
    expect(queued).toBeGreaterThan(0);
    expect(metric(text, 'huixin_outbox_depth', { lane: 'reply', status: 'queued' })).toBe(queued);
    expect(metric(text, 'huixin_outbox_depth', { lane: 'bulk', status: 'queued' })).toBe(0);
    expect(metric(text, 'huixin_outbox_oldest_age_seconds', { lane: 'reply' })).toBeCloseTo(90, 0);
    expect(metric(text, 'huixin_outbox_oldest_age_seconds', { lane: 'bulk' })).toBe(0);
    expect(metric(text, 'huixin_scheduled_job_lag_seconds')).toBeCloseTo(120, 0);
  });

  it('counts the sockets connected to each namespace', async () => {
    const before = metric(await scrape(ownPort.metricsUrl!), 'huixin_socket_connections', { namespace: '/' });
    expect(before).toBe(0);
    const agent = await connectAgent(ownPort.url, await ownPort.loginAs(ADMIN.email, ADMIN.password));
    try {
      expect(metric(await scrape(ownPort.metricsUrl!), 'huixin_socket_connections', { namespace: '/' })).toBe(1);
    } finally {
      agent.close();
    }
    await eventually(async () => metric(await scrape(ownPort.metricsUrl!), 'huixin_socket_connections', { namespace: '/' }) === 0);
  });

  it('reports the database pool on MariaDB and leaves it out on SQLite, which has none', async () => {
    const text = await scrape(ownPort.metricsUrl!);
    if (ownPort.db.dialect === 'mysql') {
      expect(metric(text, 'huixin_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
      expect(metric(text, 'huixin_db_pool_waiting')).toBe(0);
      expect(metric(text, 'huixin_db_pool_max_connections')).toBeGreaterThan(0);
    } else {
      expect(text).not.toContain('huixin_db_pool');
    }
  });
});

describe('a metrics port with a token', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN }, { provider: refusingProvider }); });
  afterAll(() => hx?.close());

  it('asks for the token there, and still serves nothing on the main port', async () => {
    await request(hx.metricsUrl!).get('/metrics').expect(401);
    await request(hx.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    await scrape(hx.metricsUrl!, TOKEN);
  });

  it('counts a provider\'s refusals as failed sends, with the time its call took', async () => {
    await new Customer(hx, '+8613700139003').text('人工');
    const text = await eventually(async () => {
      const t = await scrape(hx.metricsUrl!, TOKEN);
      return metric(t, 'huixin_sms_sends_total', { provider: 'refusing', outcome: 'failed' }) ? t : null;
    });
    expect(metric(text, 'huixin_sms_sends_total', { provider: 'refusing', outcome: 'failed' })).toBe(1);
    expect(metric(text, 'huixin_sms_sends_total', { provider: 'refusing', outcome: 'sent' })).toBeUndefined();
    expect(metric(text, 'huixin_sms_send_duration_seconds_count', { provider: 'refusing' })).toBe(1);
  });
});

describe('without METRICS_TOKEN or METRICS_PORT', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin(); });
  afterAll(() => hx?.close());

  it('has no /metrics anywhere', async () => {
    expect(hx.metricsUrl).toBeNull();
    await request(hx.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
  });
});
