import { ChildServer, freePort, workersIn } from '../../support/child-server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ADMIN, eventually } from '../../support/test-server';

// Several processes on one machine share what several nodes share: MariaDB and Redis.
const onMariaDbAndRedis = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

jest.setTimeout(120_000);

const NOTICE_MS = 1500;

onMariaDbAndRedis('SIGTERM to the primary of two server processes', () => {
  let db: TestDatabase;
  let server: ChildServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    server = new ChildServer({
      ...db.env, WEB_CONCURRENCY: '2', REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: `huixin-test-${db.name}`, SHUTDOWN_NOTICE_MS: String(NOTICE_MS),
      LOG_LEVEL: 'info', SEED_DEMO: 'false', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    }, await freePort());
    await server.start();
    await eventually(() => workersIn(server.output).length === 2, 30_000);
  });
  afterAll(async () => { await server.stop(); await db.drop(); });

  it('has every worker answer /readyz with 503 during the notice, then refuses connections, and exits 0', async () => {
    const exited = server.terminate();
    // Connections of their own, so the primary hands them to both workers in turn.
    const readyz = () => fetch(`${server.url}/readyz`, { headers: { connection: 'close' } }).then((r) => r.status);
    await eventually(async () => (await readyz()) === 503, NOTICE_MS);
    for (let i = 0; i < 3; i++) expect(await readyz()).toBe(503);
    await eventually(() => fetch(`${server.url}/healthz`).then(() => false, () => true), 5000);
    expect(await exited).toBe(0);
  });
});
