/**
 * What /metrics costs a request: the same load against two Huixins started alike except for METRICS_TOKEN (metrics
 * counted) or not (nothing installed), in alternating rounds so drift in the machine falls on both. Two loads:
 * inbound webhooks (the whole pipeline: a transaction, a decision, a reply through the outbox) and GET /healthz (it
 * touches nothing, so a fixed per-request cost shows most). Then the time one scrape takes, with the counters the
 * rounds left. Requests are sent `--concurrency` at a time over keep-alive connections. On a busy machine the two
 * rates differ by more than the counting costs, so the cost is also measured alone: the counter and histogram updates
 * one webhook makes, in a loop, in µs.
 * Usage: npm run bench:metrics [-- --requests 2000 --rounds 4 --concurrency 8]; DATABASE_URL picks MariaDB.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../server/config';
import { startHuixin, type Huixin } from '../../server/huixin';
import { HuixinMetrics } from '../../server/metrics/huixin-metrics';
import { createLogger } from '../../server/shared/logger';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';

const arg = (name: string, fallback: number) => Number(process.argv.find((a, i) => process.argv[i - 1] === `--${name}`) ?? fallback);
const REQUESTS = arg('requests', 2000);
const ROUNDS = arg('rounds', 4);
const CONCURRENCY = arg('concurrency', 8);
const TOKEN = 'bench-metrics-token-0000001';

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(url: string, method: 'GET' | 'POST', body?: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } : headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // A kept-alive connection the server closed after its idle time (while the other Huixin had its round): Node's
    // documented answer is to send again on a new one.
    req.on('error', (err: NodeJS.ErrnoException) => (req.reusedSocket && err.code === 'ECONNRESET' ? call(url, method, body, headers).then(resolve, reject) : reject(err)));
    req.end(body);
  });
}

/** `count` requests, `CONCURRENCY` at a time: requests per second. */
async function load(count: number, one: (i: number) => Promise<number>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const status = await one(next++);
      if (status >= 400) throw new Error(`answered ${status}`);
    }
  }));
  return count / ((performance.now() - t0) / 1000);
}

let phoneSeq = 0;
const webhook = (hx: Huixin) => () => {
  // A new customer each time, as a campaign's replies arrive; "你好" gets the greeting and its reply.
  const phone = `+86139${String(++phoneSeq).padStart(8, '0')}`;
  return call(`${hx.url}/webhooks/generic`, 'POST', JSON.stringify({ id: randomUUID(), from: phone, to: 'huixin', text: '你好' }));
};
const healthz = (hx: Huixin) => () => call(`${hx.url}/healthz`, 'GET');

async function start(db: TestDatabase, metrics: boolean): Promise<Huixin> {
  const config = loadConfig({
    ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'true', OUTBOX_POLL_MS: '50',
    REDIS_KEY_PREFIX: `bench-${db.name}`, ...(metrics ? { METRICS_TOKEN: TOKEN } : {}),
  });
  return startHuixin(config, { log: createLogger('silent') });
}

/** The updates one inbound webhook makes (request, webhook, text, decision, the reply's send): µs each time, in a loop. */
function countingAlone(): number {
  const metrics = new HuixinMetrics(createLogger('silent'));
  const routes = ['/webhooks/generic', '/webhooks/twilio', '/api/conversations/:id/messages', '/healthz'];
  const n = 200_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    metrics.httpRequest('POST', routes[i % 4]!, 200, 0.004 + (i % 50) / 1000);
    metrics.webhook('generic', 200);
    metrics.inbound('generic', 'stored');
    metrics.decided('greeting', 'faq');
    metrics.sendCall('loopback', 0.002);
    metrics.sent('loopback', 'sent');
  }
  return ((performance.now() - t0) * 1000) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dbs = [await createTestDatabase(), await createTestDatabase()];
  const [off, on] = [await start(dbs[0]!, false), await start(dbs[1]!, true)];
  try {
    for (const [name, make, count] of [['webhook → decision → reply', webhook, REQUESTS], ['GET /healthz', healthz, REQUESTS * 5]] as const) {
      await load(Math.min(200, count), make(off));   // warm both: JIT, statement caches, pools
      await load(Math.min(200, count), make(on));
      const rates = { off: [] as number[], on: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
        const order = round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const);
        for (const which of order) rates[which].push(await load(count, make(which === 'on' ? on : off)));
      }
      const [a, b] = [median(rates.off), median(rates.on)];
      console.log(`${name.padEnd(28)} metrics off ${a.toFixed(0).padStart(6)} req/s   on ${b.toFixed(0).padStart(6)} req/s   ${(((b - a) / a) * 100).toFixed(1).padStart(5)}%   (median of ${ROUNDS} rounds of ${count}, ${CONCURRENCY} at a time)`);
    }
    console.log(`counting alone: one webhook's updates  ${countingAlone().toFixed(2)} µs`);
    const scrapes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      await call(`${on.url}/metrics`, 'GET', undefined, { authorization: `Bearer ${TOKEN}` });
      scrapes.push(performance.now() - t0);
    }
    console.log(`GET /metrics (after the rounds)  median ${median(scrapes).toFixed(1)} ms  max ${Math.max(...scrapes).toFixed(1)} ms over 50 scrapes`);
  } finally {
    agent.destroy();
    await off.stop();
    await on.stop();
    for (const db of dbs) await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
