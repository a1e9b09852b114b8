/**
 * bench:fanout's Huixin nodes. The first runs in the bench's process; the others each in a process of their own
 * (fanout-node-process.ts), as a second node of a deployment would, so the Redis adapter's hop to another node is
 * measured between two event loops and not inside one. Every node stamps when the pipeline published a customer's
 * first `conversation:updated` (the fan-out starts there), in wall-clock ms comparable across processes, and the CPU
 * time that publish took on the node (the relays, the Redis adapter's publish, the writes to the node's own sockets).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import type { EventBus } from '../../server/events/event-bus';
import { startHuixin, type Huixin } from '../../server/huixin';
import { now } from './agent-clients';

export interface Published { at: number; cpuMs: number }

export interface BenchNode {
  url: string;
  /** When this node published each phone's first `conversation:updated`, and the CPU ms that publish took. */
  published: Map<string, Published>;
  /** Resolves once this node's sender has nothing queued (the bot's reply is sent between two customers' texts). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Calls `stamp` each time `bus` publishes a `conversation:updated`: when, before any listener (the relays) ran, and their CPU time. */
export function onPublished(bus: EventBus, stamp: (phone: string, published: Published) => void): void {
  const publish = bus.emit.bind(bus);
  bus.emit = (event, payload) => {
    if (event !== 'conversation:updated') return publish(event, payload);
    const at = now();
    const cpu = process.cpuUsage();
    publish(event, payload);
    const spent = process.cpuUsage(cpu);
    stamp((payload as { contact: { phone: string } }).contact.phone, { at, cpuMs: (spent.user + spent.system) / 1000 });
  };
}

const firstStamp = (published: Map<string, Published>) => (phone: string, p: Published) => { if (!published.has(phone)) published.set(phone, p); };

/** The node in the bench's own process: the bench reads its database through it. */
export async function startLocalNode(env: NodeJS.ProcessEnv): Promise<BenchNode & { hx: Huixin }> {
  const hx = await startHuixin(loadConfig(env));
  const published = new Map<string, Published>();
  onPublished(hx.bus, firstStamp(published));
  return { hx, url: hx.url, published, drain: () => hx.sender.drain(), stop: () => hx.stop() };
}

/** Another node of the same deployment (same database, same Redis) in a child process. */
export async function startNodeProcess(env: NodeJS.ProcessEnv): Promise<BenchNode> {
  const child: ChildProcess = fork(path.join(__dirname, 'fanout-node-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const published = new Map<string, Published>();
  const stamp = firstStamp(published);
  let drained: (() => void) | null = null;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: { url?: string; phone?: string; published?: Published; drained?: boolean }) => {
      if (m.url) resolve(m.url);
      else if (m.phone) stamp(m.phone, m.published!);
      else if (m.drained) drained?.();
    });
    child.once('exit', (code) => reject(new Error(`bench node exited with ${code}`)));
    child.send({ env });
  });
  return {
    url, published,
    drain: () => new Promise<void>((resolve) => { drained = resolve; child.send('drain'); }),
    stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.send('stop'); }),
  };
}
