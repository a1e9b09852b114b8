import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { hashPassword } from '../../server/auth/passwords';
import { SessionStore } from '../../server/auth/sessions';
import { Agent } from '../../server/db/entities';
import type { Huixin } from '../../server/huixin';
import { systemClock } from '../../server/shared/clock';

/** A number from the command line (`--agents 200`), or the default. */
export const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
/** Wall-clock milliseconds, comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
export const summary = (ms: number[]) => { const s = [...ms].sort((a, b) => a - b); return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] }; };

/** `n` new agents, each with a session: their tokens. */
export async function signedInAgents(hx: Huixin, n: number): Promise<string[]> {
  const hash = await hashPassword('bench-password');
  const agents = await hx.ds.manager.save(Agent, Array.from({ length: n }, (_, i) => hx.ds.manager.create(Agent, {
    email: `bench${i}-${Date.now()}@bench.example`, name: `Agent ${i}`, passwordHash: hash, role: 'agent', locale: 'zh-CN', active: true,
  })));
  const sessions = new SessionStore(hx.ds, systemClock);
  return Promise.all(agents.map((a) => sessions.create(a.id)));
}

export type AgentClients = Awaited<ReturnType<typeof startClients>>;

/**
 * Agents' sockets in a child process (as browsers would be), socket i on `url`, or on `url[i]` when given one URL per
 * socket (agents spread over nodes); `arrivals(key)` resolves with every socket's arrival time for that round, socket i's at i.
 */
export async function startClients(url: string | string[], auths: object[], event: string, keyOf: 'contactPhone' | 'seq') {
  const child: ChildProcess = fork(path.join(__dirname, 'fanout-clients.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<string, (arrivals: number[]) => void>();
  const early = new Map<string, number[]>();
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; key?: string; arrivals?: number[] }) => {
      if (m.ready) return resolve();
      const done = waiting.get(m.key!);
      if (done) { waiting.delete(m.key!); done(m.arrivals!); } else early.set(m.key!, m.arrivals!);
    });
    child.once('exit', (code) => reject(new Error(`bench clients exited with ${code}`)));
  });
  child.send({ urls: auths.map((_, i) => (typeof url === 'string' ? url : url[i])), auths, event, keyOf });
  await ready;
  return {
    arrivals: (key: string) => new Promise<number[]>((resolve) => {
      const got = early.get(key);
      if (got) { early.delete(key); resolve(got); } else waiting.set(key, resolve);
    }),
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.send('stop'); }),
  };
}

