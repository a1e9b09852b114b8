import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../support/child-server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { eventually } from '../../support/test-server';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { HEAP_FLAGS } = require('../../../scripts/heap-flags.js') as { HEAP_FLAGS: readonly string[] };

const ROOT = path.resolve(__dirname, '../../..');
const ADMIN = { email: 'admin@start.test', password: 'start-admin-1' };

// The first run in a checkout compiles the server (and the UI when stale): that is what this waits for.
jest.setTimeout(240_000);

/** The processes whose parent is `pid`, with their command lines (Linux's /proc). */
function childrenOf(pid: number): Array<{ pid: number; command: string[] }> {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return parent === pid ? [{ pid: Number(name), command: fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean) }] : [];
    } catch {
      return [];
    }
  });
}

/** `npm start` (scripts/start.js) on a free port, once /healthz answers (what it printed is in the error if it exits). */
async function npmStart(env: Record<string, string | undefined>): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'false', ...env },
  });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
    return fetch(`${url}/healthz`).then((r) => r.ok, () => false);
  }, 230_000);
  return { child, url, stop };
}

let db: TestDatabase;
let start: ChildProcess;
let url: string;
let stopStart: () => Promise<void>;
beforeAll(async () => {
  db = await createTestDatabase();
  ({ child: start, url, stop: stopStart } = await npmStart({ ...db.env, WEB_CONCURRENCY: '1' }));
});
afterAll(async () => {
  await stopStart?.();
  await db?.drop();
});

describe('npm start', () => {
  it('runs the compiled server with plain node, not TypeScript at run time', () => {
    const [server] = childrenOf(start.pid!);
    expect(server.command.slice(0, 1)).toEqual([process.execPath]);
    expect(server.command.at(-1)).toBe(path.join(ROOT, 'dist', 'server', 'main.js'));
    expect(server.command.join(' ')).not.toMatch(/tsx|\.ts\b/);
  });

  it('runs the server with the heap flags and malloc setting that keep a process under 250 MB (scripts/heap-flags.js)', () => {
    const [server] = childrenOf(start.pid!);
    expect(server.command.slice(1, -1)).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
    expect(fs.readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
  });

  it('serves from the build what the sources served: the database, the inbox page and the simulator pictures', async () => {
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const { token } = await login.json() as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const page = await fetch(`${url}/inbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');

    const phone = '+8613700155001';
    const sent = await fetch(`${url}/api/simulator/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ from: phone, pictures: ['xray'] }) });
    expect(sent.status).toBe(200);
    const thread = await (await fetch(`${url}/api/simulator/messages?phone=${encodeURIComponent(phone)}`, { headers: auth })).json() as { items: Array<{ id: number; direction: string }> };
    const inbound = thread.items.find((m) => m.direction === 'in')!;
    const picture = await fetch(`${url}/api/messages/${inbound.id}/media/0`, { headers: auth });
    expect({ status: picture.status, type: picture.headers.get('content-type') }).toEqual({ status: 200, type: 'image/png' });
  });

  it('stops on SIGTERM with the server', async () => {
    const [server] = childrenOf(start.pid!);
    const exited = new Promise<number | null>((r) => start.once('exit', (code) => r(code)));
    start.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(() => process.kill(server.pid, 0)).toThrow();
  });
});

// Cluster workers are node processes of their own: each must get the flags too (node's cluster.fork passes the
// primary's), or issue 18's 250 MB per process holds for one process and not for every core.
(process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip)('npm start with WEB_CONCURRENCY=2', () => {
  it('runs every worker with the heap flags and malloc setting', async () => {
    const own = await createTestDatabase();
    const run = await npmStart({ ...own.env, WEB_CONCURRENCY: '2', REDIS_KEY_PREFIX: `huixin-test-${own.name}` });
    try {
      const [primary] = childrenOf(run.child.pid!);
      const workers = await eventually(() => { const found = childrenOf(primary.pid); return found.length === 2 && found; }, 60_000);
      for (const worker of workers) {
        expect(worker.command.at(-1)).toBe(path.join(ROOT, 'dist', 'server', 'main.js'));
        expect(worker.command.slice(1, -1)).toEqual(expect.arrayContaining([...HEAP_FLAGS]));
        expect(fs.readFileSync(`/proc/${worker.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
      }
    } finally {
      await run.stop();
      await own.drop();
    }
  });
});
