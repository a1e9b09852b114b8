import request from 'supertest';
import { metric, scrape } from '../../support/metrics-text';
import { huixinBehindProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually, type TestHuixin } from '../../support/test-server';

// A database that hangs is played on MariaDB through a proxy this suite freezes. SQLite runs inside the process and
// its statements are synchronous: there is nothing between Huixin and the file to freeze, so this is MariaDB's only.
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

const TOKEN = 'metrics-token-for-tests-0003';

onMariaDb('/metrics while the database hangs', () => {
  let proxy: TcpProxy;
  let hx: TestHuixin;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // No sender or workers: the only statements in flight are the scrape's own, so the pool shows exactly those.
    ({ hx, proxy, close } = await huixinBehindProxy({ DB_TIMEOUT_MS: '3000', METRICS_TOKEN: TOKEN }, { startSender: false, startWorkers: false }));
  });
  afterAll(() => close?.());

  it('answers within about a second, leaving the database\'s gauges out and saying which reads gave up, then recovers', async () => {
    expect(metric(await scrape(hx.url, TOKEN), 'huixin_outbox_depth')).toBe(0);
    proxy.freeze();
    const started = Date.now();
    const res = await request(hx.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).timeout(5000).expect(200);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(2000);
    expect(metric(res.text, 'huixin_outbox_depth')).toBeUndefined();
    expect(metric(res.text, 'huixin_scheduled_job_lag_seconds')).toBeUndefined();
    expect(metric(res.text, 'huixin_metrics_read_failures_total', { reader: 'outbox' })).toBe(1);
    expect(metric(res.text, 'huixin_metrics_read_failures_total', { reader: 'scheduled_jobs' })).toBe(1);
    // What does not need the database is still there: the pool shows the two reads stuck on their connections.
    expect(metric(res.text, 'huixin_db_pool_connections', { state: 'in_use' })).toBe(2);
    expect(metric(res.text, 'huixin_http_requests_total', { route: '/metrics', status: '200' })).toBe(1);

    // A second scrape joins the reads still waiting rather than sending more statements to a database that hangs.
    const again = await request(hx.url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).timeout(5000).expect(200);
    expect(metric(again.text, 'huixin_db_pool_connections', { state: 'in_use' })).toBe(2);
    expect(metric(again.text, 'huixin_metrics_read_failures_total', { reader: 'outbox' })).toBe(2);

    await proxy.restore();
    await eventually(async () => metric(await scrape(hx.url, TOKEN), 'huixin_outbox_depth') === 0, 10_000);
  }, 30_000);
});
