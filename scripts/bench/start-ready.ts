/**
 * How long a start takes until Huixin answers (listening, migrations done: GET /healthz answers 200), and how much
 * memory the started processes hold, on a built tree and a database that already exists (a restart, not the first
 * start). Side by side in alternated rounds:
 * - `node -e ''`: the floor, Node starting and exiting;
 * - `node dist/server/main.js`: the compiled server as `npm start` runs it;
 * - `node scripts/start.js`: `npm start` itself (staleness checks of the UI and the server, then the above);
 * - `node --import tsx server/main.ts`: TypeScript compiled at run time, as `npm start` ran before.
 * With DATABASE_URL and REDIS_URL, also the compiled server with WEB_CONCURRENCY=all (one worker per core): ready
 * when the first worker serves, memory of the primary and all its workers once every worker is up. Besides wall
 * time, the CPU time the started processes used until ready, which the machine's other load changes less.
 * Usage: npm run bench:start [-- --rounds 5]; DATABASE_URL (+ REDIS_URL) picks MariaDB. Builds first if stale.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/child-server';
import { createTestDatabase } from '../../test/support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const arg = (name: string, fallback: number) => Number(process.argv.find((a, i) => process.argv[i - 1] === `--${name}`) ?? fallback);
const ROUNDS = arg('rounds', 5);

interface Variant { name: string; args: string[]; env?: Record<string, string>; workers?: number; exits?: boolean }

/** The pids of a process and all its descendants (Linux's /proc). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch { /* gone meanwhile */ }
  }
  const pids: number[] = [];
  const visit = (p: number) => { pids.push(p); for (const child of children.get(p) ?? []) visit(child); };
  visit(pid);
  return pids;
}

/** Resident memory of a process tree, in MB. */
function treeRssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    try { kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0); } catch { /* gone */ }
  }
  return kb / 1024;
}

/**
 * CPU time a process tree has used (user + system), in ms: steadier than wall time on a shared machine, where a
 * start waits for cores other work holds. Clock ticks are 10 ms on Linux.
 */
function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* gone */ }
  }
  return ticks * 10;
}

const healthy = (url: string) => fetch(`${url}/healthz`).then((r) => r.ok, () => false);

/** Milliseconds from spawn to ready (or to exit, for the floor), and the memory once every process is up. */
async function measure(variant: Variant, env: Record<string, string>): Promise<{ readyMs: number; cpuMs: number; rssMb: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, variant.args, { cwd: ROOT, env: { ...process.env, ...env, ...variant.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (variant.exits) {
    await exited;
    return { readyMs: Number(process.hrtime.bigint() - started) / 1e6, cpuMs: 0, rssMb: 0 };
  }
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${variant.name} exited:\n${output}`);
    if (await healthy(url)) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuMs = treeCpuMs(child.pid!);
  // All workers up (each logs "huixin listening"), then a moment for start-up garbage to be collected.
  while ((output.match(/huixin listening/g) ?? []).length < (variant.workers ?? 1)) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1000));
  const rssMb = treeRssMb(child.pid!);
  child.kill('SIGTERM');
  await exited;
  return { readyMs, cpuMs, rssMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), '--build-only'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  const db = await createTestDatabase();
  const cores = os.availableParallelism();
  const clustered = !!(process.env.DATABASE_URL && process.env.REDIS_URL);
  const env = { ...db.env, LOG_LEVEL: 'info', WEB_CONCURRENCY: '1', SEED_DEMO: 'true', ADMIN_PASSWORD: 'bench-admin-1', REDIS_KEY_PREFIX: `huixin-bench-${db.name}` };
  const variants: Variant[] = [
    { name: "node -e ''", args: ['-e', ''], exits: true },
    { name: 'node dist/server/main.js', args: [path.join('dist', 'server', 'main.js')] },
    { name: 'node scripts/start.js', args: [path.join('scripts', 'start.js')] },
    { name: 'node --import tsx server/main.ts', args: ['--import', 'tsx', path.join('server', 'main.ts')] },
    ...(clustered ? [{ name: `dist, WEB_CONCURRENCY=${cores}`, args: [path.join('dist', 'server', 'main.js')], env: { WEB_CONCURRENCY: String(cores) }, workers: cores }] : []),
  ];
  try {
    // The first start migrates and seeds the new database; every measured start finds it ready, like a restart.
    await measure(variants[1], env);
    const results = new Map(variants.map((v) => [v.name, { ready: [] as number[], cpu: [] as number[], rss: [] as number[] }]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of round % 2 ? [...variants].reverse() : variants) {
        const { readyMs, cpuMs, rssMb } = await measure(variant, env);
        results.get(variant.name)!.ready.push(readyMs);
        results.get(variant.name)!.cpu.push(cpuMs);
        results.get(variant.name)!.rss.push(rssMb);
      }
    }
    const database = db.dialect === 'mysql' ? `MariaDB${process.env.REDIS_URL ? ' + Redis' : ''}` : 'SQLite';
    console.log(`\nStart until GET /healthz answers, ${ROUNDS} alternated rounds, ${database}, existing database, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${'variant'.padEnd(38)}${'ready median'.padStart(14)}${'min'.padStart(10)}${'max'.padStart(10)}${'CPU to ready'.padStart(14)}${'RSS (MB)'.padStart(12)}`);
    for (const [name, r] of results) {
      const rss = r.rss.some((x) => x > 0) ? median(r.rss).toFixed(0) : '—';
      const cpu = r.cpu.some((x) => x > 0) ? `${median(r.cpu).toFixed(0)} ms` : '—';
      console.log(`${name.padEnd(38)}${`${median(r.ready).toFixed(0)} ms`.padStart(14)}${`${Math.min(...r.ready).toFixed(0)}`.padStart(10)}${`${Math.max(...r.ready).toFixed(0)}`.padStart(10)}${cpu.padStart(14)}${rss.padStart(12)}`);
    }
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
