import net from 'node:net';
import { Message } from '../../../server/db/entities';
import { ChildServer, freePort } from '../../support/child-server';
import { CRASH_ADMIN, withDatabase } from '../../support/crash-rig';
import { FakeTwilio } from '../../support/fake-twilio';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { connectAgent, nextEvent, type AgentSocket } from '../inbox/inbox-client';

jest.setTimeout(90_000);

/** Long enough to see /readyz answer 503 before the node stops taking connections. */
const NOTICE_MS = 1500;
/** The provider's answer to the send in flight comes after the node has stopped taking connections. */
const SEND_TAKES_MS = 4000;

let db: TestDatabase;
let twilio: FakeTwilio;
let server: ChildServer;
let agent: AgentSocket | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await new FakeTwilio().start();
  twilio.responseDelayMs = SEND_TAKES_MS;
  server = new ChildServer({
    ...db.env, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACdrain', TWILIO_AUTH_TOKEN: 'drain-token', TWILIO_FROM: '+8610690003',
    TWILIO_API_BASE: twilio.url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', ADMIN_EMAIL: CRASH_ADMIN.email, ADMIN_PASSWORD: CRASH_ADMIN.password,
    OUTBOX_POLL_MS: '50', SHUTDOWN_NOTICE_MS: String(NOTICE_MS), ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  }, await freePort());
  await server.start();
});
afterAll(async () => {
  agent?.close();
  await server.stop();
  await twilio.stop();
  await db.drop();
});

const webhookBody = (id: string) => JSON.stringify({ id, from: '+8613500220000', to: 'huixin', text: '人工' });

/** A provider's webhook whose body is still arriving: the headers and half the body now, the rest when `finish()` is called. */
function slowWebhook(port: number, id: string): Promise<{ finish(): Promise<string> }> {
  const body = Buffer.from(webhookBody(id));
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`POST /webhooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`);
      socket.write(body.subarray(0, half));
      let answer = '';
      socket.on('data', (d) => { answer += d; });
      const ended = new Promise<string>((done) => socket.on('close', () => done(answer)));
      resolve({ finish: () => { socket.write(body.subarray(half)); return ended; } });
    });
    socket.on('error', reject);
  });
}

const refused = (url: string) => fetch(url).then(() => false, (err: { cause?: { code?: string } }) => err.cause?.code === 'ECONNREFUSED');

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SIGTERM drains the node', () => {
  it('answers the webhook under way, records the send in flight, says not ready, refuses new connections, tells sockets, exits 0', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CRASH_ADMIN) });
    agent = await connectAgent(server.url, ((await login.json()) as { token: string }).token);
    const hint = nextEvent(agent, 'server:draining', () => true, 30_000);
    const socketClosed = new Promise<string>((r) => agent!.once('disconnect', (reason) => r(reason)));

    // A customer's text whose acknowledgement is with the provider when the stop comes.
    const first = await fetch(`${server.url}/webhooks/generic`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: webhookBody('drain-sent') });
    expect(first.status).toBe(200);
    await until('the reply reaching the provider', async () => twilio.sends.length, (n) => n === 1, 10_000);
    const underWay = await slowWebhook(server.port, 'drain-in-flight');

    const exited = server.terminate();
    const notReady = await until('GET /readyz', () => fetch(`${server.url}/readyz`).then(async (r) => ({ status: r.status, body: await r.json() })), (r) => r.status === 503, NOTICE_MS);
    expect(notReady.body).toMatchObject({ status: 'unavailable', draining: true, database: 'ok', migrations: 'ok' });

    expect(await hint).toEqual({ retryAfterMs: expect.any(Number) });
    expect(await socketClosed).toBe('transport close');   // socket.io-client reconnects by itself after this one
    await until('a new connection being refused', () => refused(`${server.url}/healthz`), (r) => r, 5000);
    expect(server.exitCode).toBeNull();   // still draining: the send and the webhook are not done

    expect(await underWay.finish()).toMatch(/^HTTP\/1\.1 200 /);
    expect(await exited).toBe(0);

    await withDatabase(db, async (ds) => {
      expect(await ds.getRepository(Message).countBy({ provider: 'generic', providerMessageId: 'drain-in-flight' })).toBe(1);
      const reply = await ds.getRepository(Message).findOneByOrFail({ direction: 'out', providerMessageId: twilio.sends[0].sid });
      expect(reply.status).toBe('sent');
    });
  });
});
