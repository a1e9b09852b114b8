import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { io as connect } from 'socket.io-client';
import { ChildServer, freePort, workersIn, type ListeningWorker as Worker } from '../../support/child-server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ADMIN, eventually } from '../../support/test-server';
import { nextEvent, type AgentSocket } from '../inbox/inbox-client';
import { openBrowser } from '../../e2e/support/browser';
import { logInAsAdmin } from '../../e2e/support/log-in';
import { buildUiIfStale } from '../../e2e/support/ui-build';

// Several processes on one machine share what several nodes share: MariaDB and Redis.
const onMariaDbAndRedis = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

jest.setTimeout(120_000);

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** A request on a connection of its own, so the primary chooses a worker for it. */
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); }).on('error', reject);
  });
}

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.text();
  return res.status;
}

describe('WEB_CONCURRENCY', () => {
  it('refuses more than one process without Redis, naming the variable', async () => {
    const db = await createTestDatabase();
    const server = new ChildServer({ ...db.env, WEB_CONCURRENCY: '2', REDIS_URL: undefined, LOG_LEVEL: 'silent' }, await freePort());
    try {
      await expect(server.start()).rejects.toThrow(/WEB_CONCURRENCY: more than 1 needs REDIS_URL/);
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});

onMariaDbAndRedis('two server processes on one port', () => {
  let db: TestDatabase;
  let server: ChildServer;
  let workers: Worker[];
  beforeAll(async () => {
    db = await createTestDatabase();
    server = new ChildServer({
      ...db.env, WEB_CONCURRENCY: '2', REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: `huixin-test-${db.name}`,
      LOG_LEVEL: 'info', SEED_DEMO: 'false', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OUTBOX_POLL_MS: '50',
    }, await freePort());
    await server.start();
    workers = await eventually(() => workersIn(server.output).length === 2 && workersIn(server.output), 30_000);
  });
  afterAll(async () => { await server.stop(); await db.drop(); });

  it('keeps a polling agent on the process holding its session and brings it webhooks taken by either process', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { token } = await login.json() as { token: string };
    // agent: false: each poll on a connection of its own, which the primary must route to the session's process.
    const agent: AgentSocket = connect(server.url, { auth: { token }, transports: ['polling'], reconnection: false, forceNew: true, agent: false as never });
    await new Promise<void>((resolve, reject) => { agent.once('connect', resolve); agent.once('connect_error', reject); });
    const drops: string[] = [];
    agent.on('disconnect', (reason) => drops.push(reason));
    try {
      for (const [i, worker] of [...workers, ...workers].entries()) {
        const phone = `+86137007700${i}`;
        const seen = nextEvent(agent, 'conversation:updated', (c) => c.contact.phone === phone && c.handledBy === 'human');
        // Straight to one worker's own port: this webhook is taken by that process whichever holds the agent.
        expect(await post(`${worker.url}/webhooks/generic`, { id: randomUUID(), from: phone, to: 'huixin', text: '人工' })).toBe(200);
        await seen;
      }
      expect(drops).toEqual([]);
    } finally {
      agent.close();
    }
  });

  it('keeps a browser\'s live inbox with the process holding its session, whichever connection the browser reuses', async () => {
    buildUiIfStale();
    const browser = await openBrowser();
    // A keep-alive connection the primary gave one process, reused by the browser for a polling request of a session
    // held by the other, was answered 400 "Session ID unknown" and the inbox reconnected (socket-options.ts).
    const refused: string[] = [];
    browser.page.on('response', (r) => { if (r.url().includes('/socket.io/') && r.status() >= 400) refused.push(`${r.status()} ${r.url()}`); });
    try {
      // A business without the demo opens on its set-up wizard: finished here, so the admin lands in the inbox.
      const { token } = await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json() as { token: string };
      expect((await fetch(`${server.url}/api/setup/complete`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBeLessThan(300);
      await logInAsAdmin(browser.page, server.url, '/inbox');
      // Keep-alive connections to both processes in the browser's pool, then the inbox opened again on top of them.
      for (let i = 0; i < 4; i++) {
        await browser.page.evaluate(() => Promise.all(Array.from({ length: 6 }, (_, n) => fetch(`/healthz?n=${n}`))));
        await browser.page.reload();
        await browser.page.getByText('实时', { exact: true }).waitFor();
        await browser.page.waitForTimeout(300);
      }
      for (const [i, worker] of workers.entries()) {
        expect(await post(`${worker.url}/webhooks/generic`, { id: randomUUID(), from: `+86137007701${i}0`, to: 'huixin', text: '人工' })).toBe(200);
        await browser.page.getByText(`+86 137 0077 01${i}0`).waitFor({ timeout: 15_000 });
      }
      expect(refused).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('starts a process again when one dies, and keeps answering', async () => {
    const [victim, survivor] = workers;
    process.kill(victim.pid, 'SIGKILL');
    const replacement = await eventually(() => workersIn(server.output).find((w) => w.pid !== victim.pid && w.pid !== survivor.pid), 30_000);
    expect(alive(victim.pid)).toBe(false);
    for (let i = 0; i < 6; i++) expect(await get(`${server.url}/healthz`)).toBe(200);
    workers = [replacement, survivor];
  });

  it('stops every process on SIGTERM, cleanly', async () => {
    await server.stop();
    expect(server.exitCode).toBe(0);
    expect(workers.filter((w) => alive(w.pid))).toEqual([]);
  });
});
