import cluster, { type Worker } from 'node:cluster';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Logger } from '../shared/logger';
import type { Handoff } from './accept-handoffs';
import { relayScrapes } from './metrics-relay';
import { slotOfRequest } from './sticky-ids';

/** The environment variable that tells a worker its slot (the number its Socket.IO session ids start with). */
export const SLOT_ENV = 'HUIXIN_WORKER_SLOT';

/** A worker's word that it serves: migrated, seeded, taking connections. */
export const READY_MESSAGE = { huixin: 'ready' } as const;

/** A worker that dies within this long of starting died "quickly": the next start of its slot waits longer. */
const QUICK_DEATH_MS = 10_000;
const RESTART_DELAYS_MS = [0, 1_000, 5_000, 15_000];
/** A worker still running this long after its own drain bound (main.ts) is killed. */
const KILL_MARGIN_MS = 5_000;
/** Bytes read looking for the request line before a connection is handed over without one. */
const MAX_HEAD_BYTES = 8 * 1024;

interface Slot { worker: Worker | null; ready: boolean; startedAt: number; quickDeaths: number; restart: NodeJS.Timeout | null }

export interface Primary { url: string; stop(): Promise<void> }

/**
 * The primary process of one machine: forks a worker, listens on `port` once it is ready and forks the others, and
 * hands each connection to a worker: Socket.IO's requests to the worker that holds their session (sticky-ids.ts),
 * others in turn. A worker that dies is started again (later each time it dies quickly). If none ever becomes ready
 * (a wrong DATABASE_URL, a failed migration), the start fails instead of retrying for ever. The primary itself opens
 * no database and loads none of the server: workers migrate and seed one at a time under a database lock.
 */
export function startPrimary({ port, count, log, noticeMs = 0, graceMs = 10_000 }: {
  port: number; count: number; log: Logger;
  /** SHUTDOWN_NOTICE_MS and SHUTDOWN_GRACE_MS, which each worker applies to its own drain. */
  noticeMs?: number; graceMs?: number;
}): Promise<Primary> {
  const slots: Slot[] = Array.from({ length: count }, () => ({ worker: null, ready: false, startedAt: 0, quickDeaths: 0, restart: null }));
  const listener = net.createServer({ pauseOnConnect: true }, (socket) => readHead(socket));
  let next = 0;
  let stopping = false;
  let everReady = false;
  const relayScrape = relayScrapes(() => slots.flatMap((slot) => (slot.ready && slot.worker ? [slot.worker] : [])));

  return new Promise<Primary>((resolve, reject) => {
    const fork = (index: number) => {
      const slot = slots[index];
      slot.restart = null;
      const worker = cluster.fork({ [SLOT_ENV]: String(index) });
      Object.assign(slot, { worker, ready: false, startedAt: Date.now() });
      worker.on('message', (message: unknown) => {
        relayScrape(worker, message);
        if ((message as typeof READY_MESSAGE | null)?.huixin !== READY_MESSAGE.huixin) return;
        slot.ready = true;
        if (everReady) { log.info({ slot: index, pid: worker.process.pid }, 'server process ready'); return; }
        everReady = true;
        listener.once('error', reject);
        listener.listen(port, () => resolve({ url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`, stop }));
        // The others start once the first serves: started together they share the cores and the migration lock,
        // and the first would take twice as long to be ready (bench:start).
        for (let i = 1; i < count; i++) fork(i);
      });
      worker.on('exit', (code, signal) => {
        if (slot.worker === worker) Object.assign(slot, { worker: null, ready: false });
        if (stopping) return;
        if (!everReady) {
          reject(new Error(`the server process exited during start (${signal ?? `code ${code}`}); its error is above`));
          void stop();
          return;
        }
        slot.quickDeaths = Date.now() - slot.startedAt < QUICK_DEATH_MS ? slot.quickDeaths + 1 : 0;
        const delay = RESTART_DELAYS_MS[Math.min(slot.quickDeaths, RESTART_DELAYS_MS.length - 1)];
        log.error({ slot: index, pid: worker.process.pid, code, signal, restartInMs: delay }, 'server process died; starting another');
        slot.restart = setTimeout(() => fork(index), delay);
      });
    };
    fork(0);
  });

  /** Reads up to the end of the request line (usually the first packet), then hands the connection over. */
  function readHead(socket: Socket): void {
    let head = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf('\r\n') === -1 && head.length < MAX_HEAD_BYTES) return;
      socket.off('data', onData);
      socket.pause();
      if (socket.readableLength > 0) head = Buffer.concat([head, socket.read() as Buffer]);
      // Stop reading from the kernel at once: bytes read here after this point would be lost with the hand-over
      // (a POST's body in the next packet); left in the kernel, they go to the worker with the socket. Node's pause()
      // alone keeps reading until its buffer fills.
      (socket as unknown as { _handle?: { readStop(): number } })._handle?.readStop();
      handOver(socket, head);
    };
    socket.on('data', onData);
    socket.resume();   // a connection accepted with pauseOnConnect does not flow by itself when a listener is added
  }

  function handOver(socket: Socket, head: Buffer): void {
    const worker = pick(head.toString('latin1', 0, Math.min(head.length, MAX_HEAD_BYTES)));
    if (!worker) { socket.destroy(); return; }
    const message: Handoff = { huixin: 'connection', head: head.toString('base64') };
    worker.send(message, socket, { keepOpen: false }, (err) => { if (err) socket.destroy(); });
  }

  /** The worker holding the request's Socket.IO session if it is ready, else the next ready worker in turn. */
  function pick(head: string): Worker | null {
    const owner = slotOfRequest(head);
    if (owner !== null && slots[owner]?.ready) return slots[owner].worker;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[(next + i) % slots.length];
      if (slot.ready && slot.worker) { next = (next + i + 1) % slots.length; return slot.worker; }
    }
    return null;
  }

  /**
   * Asks every worker to drain (SIGTERM: each answers /readyz with 503 at once), stops taking connections after the
   * notice, and kills the workers still running after their grace.
   */
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    const running = slots.flatMap((slot) => {
      if (slot.restart) clearTimeout(slot.restart);
      const { worker } = slot;
      if (!worker || worker.isDead()) return [];
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.process.kill('SIGTERM');
      return [exited.then(() => undefined)];
    });
    const grace = setTimeout(() => { for (const slot of slots) slot.worker?.process.kill('SIGKILL'); }, noticeMs + graceMs + KILL_MARGIN_MS);
    // The workers stop taking hand-overs after the same notice; this timer started first, so the listener closes first.
    if (noticeMs > 0) await new Promise((r) => setTimeout(r, noticeMs));
    if (listener.listening) listener.close();
    await Promise.all(running);
    clearTimeout(grace);
  }
}
