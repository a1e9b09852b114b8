import request from 'supertest';
import { huixinBehindProxy, type TcpProxy } from '../../support/tcp-proxy';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

describe('GET /healthz and GET /readyz', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin(); });
  afterAll(() => hx.close());

  it('answer 200 on a started node, /readyz naming each part it checked', async () => {
    await request(hx.url).get('/healthz').expect(200, { status: 'ok' });
    const res = await request(hx.url).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready', database: 'ok', redis: process.env.REDIS_URL ? 'ok' : 'off', migrations: 'ok', draining: false });
  });

  it('/readyz answers 503 while a migration of this code has not run on the database (a deploy half done)', async () => {
    const fresh = await startTestHuixin();
    try {
      const [newest] = await fresh.ds.query('SELECT id, timestamp, name FROM migrations ORDER BY timestamp DESC LIMIT 1');
      await fresh.ds.query('DELETE FROM migrations WHERE id = ?', [newest.id]);
      const res = await request(fresh.url).get('/readyz').expect(503);
      expect(res.body).toMatchObject({ status: 'unavailable', migrations: 'pending', database: 'ok' });
      await fresh.ds.query('INSERT INTO migrations (timestamp, name) VALUES (?, ?)', [newest.timestamp, newest.name]);
      await request(fresh.url).get('/readyz').expect(200);
    } finally {
      await fresh.close();
    }
  });
});

onMariaDb('GET /readyz when the database hangs', () => {
  let proxy: TcpProxy;
  let hx: TestHuixin;
  let close: () => Promise<void>;
  beforeAll(async () => { ({ hx, proxy, close } = await huixinBehindProxy({ DB_TIMEOUT_MS: '1000' })); });
  afterAll(() => close?.());

  it('answers 503 naming the database within a few seconds, while /healthz (alive) still answers 200', async () => {
    proxy.freeze();
    const res = await request(hx.url).get('/readyz').timeout(5000).expect(503);
    expect(res.body).toMatchObject({ database: 'unavailable' });
    await request(hx.url).get('/healthz').timeout(1000).expect(200);
    await proxy.restore();
    await request(hx.url).get('/readyz').timeout(5000).expect(200);
  });
});
