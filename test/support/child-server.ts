import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * `npm start`'s server (tsx server/main.ts) as a separate process, so a test can really kill -9 it. One process
 * unless the test sets WEB_CONCURRENCY (with Redis, main.ts would start one per core); an env value of undefined
 * removes that variable from the inherited environment.
 */
export class ChildServer {
  private child: ChildProcess | null = null;
  output = '';

  constructor(private readonly env: Record<string, string | undefined>, readonly port: number) {}

  get pid(): number | undefined { return this.child?.pid; }

  /** The process's exit code once it has exited (null before). */
  get exitCode(): number | null { return this.child?.exitCode ?? null; }

  get url(): string { return `http://127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    // node --import tsx (not the tsx CLI, which runs the server in a grandchild that SIGKILL would not reach).
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT, env: childEnv({ ...process.env, WEB_CONCURRENCY: '1', ...this.env, PORT: String(this.port) }), stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => { this.output += d; });
    this.child.stderr!.on('data', (d) => { this.output += d; });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited during start:\n${this.output}`);
      const ok = await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not become healthy:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hooks, no flushing; whatever was not committed is lost. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM without waiting: resolves with the exit code once the drain is over and the process has exited. */
  terminate(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    return exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function childEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export interface ListeningWorker { pid: number; url: string }

/** The cluster workers that said they were listening, from a server's log (one JSON line each), newest last. */
export function workersIn(output: string): ListeningWorker[] {
  return output.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string; pid: number; url: string };
      return entry.msg === 'huixin listening' ? [{ pid: entry.pid, url: entry.url }] : [];
    } catch {
      return [];
    }
  });
}
