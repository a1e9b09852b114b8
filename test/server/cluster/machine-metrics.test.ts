import { ChildServer, freePort, workersIn, type ListeningWorker } from '../../support/child-server';
import { metric, scrape } from '../../support/metrics-text';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ADMIN, eventually } from '../../support/test-server';

// Several processes on one machine share what several nodes share: MariaDB and Redis.
const onMariaDbAndRedis = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

jest.setTimeout(120_000);

const TOKEN = 'machine-metrics-token-0123456789';

onMariaDbAndRedis('/metrics of a machine running two server processes', () => {
  let db: TestDatabase;
  let server: ChildServer;
  let workers: ListeningWorker[];
  beforeAll(async () => {
    db = await createTestDatabase();
    server = new ChildServer({
      ...db.env, WEB_CONCURRENCY: '2', REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: `huixin-test-${db.name}`, METRICS_TOKEN: TOKEN,
      LOG_LEVEL: 'info', SEED_DEMO: 'false', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    }, await freePort());
    await server.start();
    workers = await eventually(() => workersIn(server.output).length === 2 && workersIn(server.output), 30_000);
  });
  afterAll(async () => { await server.stop(); await db.drop(); });

  it('counts the requests both processes answered, whichever process the scrape reaches', async () => {
    const before = metric(await scrape(server.url, TOKEN), 'huixin_http_requests_total', { route: '/healthz' }) ?? 0;
    // Straight to each worker's own port, 3 to one and 5 to the other.
    for (const [worker, count] of [[workers[0], 3], [workers[1], 5]] as const) {
      for (let i = 0; i < count; i++) expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    }
    // The primary hands scrapes to the workers in turn: each of these reaches a different one, and both see all 8.
    for (let i = 0; i < 2; i++) {
      const text = await scrape(server.url, TOKEN);
      expect(metric(text, 'huixin_http_requests_total', { route: '/healthz' })).toBe(before + 8);
    }
  });
});
