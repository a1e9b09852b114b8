import request from 'supertest';
import type { Huixin } from '../../../server/huixin';
import { Customer } from '../../support/customer';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually, startAnotherNode, startTestHuixin, ADMIN, type TestHuixin } from '../../support/test-server';
import { connectAgent, nextEvent, type AgentSocket } from '../inbox/inbox-client';

// Two nodes share Redis through a proxy the test can cut: a Redis that goes away for a moment must neither end a
// node (a rejection nobody caught would, on Node's default) nor leave the nodes deaf to each other afterwards.
const redisUrl = process.env.REDIS_URL;
const withRedis = redisUrl ? describe : describe.skip;

/** Waits for `work` at most `ms`, then goes on (teardown only). */
const settledWithin = (work: Promise<unknown> | undefined, ms: number) =>
  Promise.race([Promise.resolve(work).catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]);

withRedis('a Redis outage', () => {
  let proxy: TcpProxy;
  let hx: TestHuixin;
  let nodeB: Huixin;
  let agent: AgentSocket;
  const uncaught: unknown[] = [];
  const noteUncaught = (reason: unknown) => uncaught.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', noteUncaught);
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const viaProxy = { REDIS_URL: `redis://127.0.0.1:${proxy.port}` };
    hx = await startTestHuixin(viaProxy);
    nodeB = await startAnotherNode(hx, {}, viaProxy);
    agent = await connectAgent(nodeB.url, await hx.loginAs(ADMIN.email, ADMIN.password));
  });
  afterAll(async () => {
    await proxy?.restore();   // a failed test may have left Redis cut, and the nodes' stop would wait on it
    agent?.close();
    // Bounded: once in CI (MariaDB + Redis) this teardown outlived jest's 30 s after the test itself had run; a node
    // stopping after a Redis blip may wait on a Redis connection (left in the closing note to find out).
    await settledWithin(nodeB?.stop(), 10_000);
    await settledWithin(hx?.stop(), 20_000);
    // Dropped even when the stop did not settle, so a slow stop does not leave the suite's database behind.
    await settledWithin(hx?.db.drop(), 10_000);
    await proxy?.close();
    process.off('unhandledRejection', noteUncaught);
  }, 60_000);

  it('is survived by both nodes, told by /readyz, and a text taken by one reaches an agent on the other once Redis is back', async () => {
    const before = new Customer(hx, '+8613500900001');
    const seen = nextEvent(agent, 'conversation:updated', (c) => c.contact.phone === before.phone);
    await before.text('你好');
    await seen;

    await proxy.cut();
    // While it is away the balancer is told, naming Redis; the node itself stays alive.
    const away = await request(hx.url).get('/readyz').expect(503);
    expect(away.body).toMatchObject({ redis: 'unavailable', database: 'ok' });
    await new Promise((r) => setTimeout(r, 800));
    await proxy.restore();
    await eventually(async () => (await request(hx.url).get('/readyz')).status === 200, 10_000);

    // Both nodes still answer, and nothing was left rejected with no one to catch it.
    await request(hx.url).get('/healthz').expect(200);
    await request(nodeB.url).get('/healthz').expect(200);
    expect(uncaught).toEqual([]);

    // The subscriptions come back by themselves: keep texting until node B's agent hears node A again.
    let n = 0;
    await eventually(async () => {
      const customer = new Customer(hx, `+86135009${String(++n).padStart(5, '0')}`);
      const heard = nextEvent(agent, 'conversation:updated', (c) => c.contact.phone === customer.phone, 1000).then(() => true, () => false);
      await customer.text('你好');
      return heard;
    }, 15_000);
    expect(uncaught).toEqual([]);
  }, 30_000);
});
