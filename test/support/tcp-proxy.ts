import net from 'node:net';
import { createTestDatabase, type TestDatabase } from './test-database';
import { startTestHuixin, type TestHuixin } from './test-server';
import type { StartOptions } from '../../server/huixin';

/**
 * A TCP proxy a test controls, to stand between Huixin and its database: `cut()` is a database that died (every
 * connection dropped, new ones refused), `freeze()` one that hangs (sockets stay open, no byte gets through either
 * way), `restore()` brings it back on the same port.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  freeze(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface Pair { client: net.Socket; upstream: net.Socket }

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let frozen = false;

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    forward(client, upstream);
    forward(upstream, client);
    if (frozen) { client.pause(); upstream.pause(); }
    const drop = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
    for (const socket of [client, upstream]) { socket.on('close', drop); socket.on('error', drop); }
  });
  // Forwarding by hand rather than pipe(): a paused socket stays paused until restore(), whatever the other side does.
  const forward = (from: net.Socket, to: net.Socket) => from.on('data', (chunk) => {
    if (!to.write(chunk)) { from.pause(); to.once('drain', () => { if (!frozen) from.resume(); }); }
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const stopListening = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const { client, upstream } of pairs) { client.destroy(); upstream.destroy(); }
    pairs.clear();
  });

  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut: stopListening,
    freeze: () => {
      frozen = true;
      for (const { client, upstream } of pairs) { client.pause(); upstream.pause(); }
    },
    restore: async () => {
      frozen = false;
      for (const { client, upstream } of pairs) { client.resume(); upstream.resume(); }
      if (!server.listening) await listen(port);
    },
    close: stopListening,
  };
}

/**
 * A database of the suite's own on the real MariaDB server (DATABASE_URL), which Huixin reaches only through a proxy
 * the suite controls: `url` is the DATABASE_URL to start Huixin with.
 */
export async function databaseBehindProxy(): Promise<{ db: TestDatabase; proxy: TcpProxy; url: string }> {
  const db = await createTestDatabase();
  const url = new URL(db.env.DATABASE_URL!);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 3306) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { db, proxy, url: url.toString() };
}

/**
 * A test Huixin whose database (its own, on the real server) it reaches only through a proxy the test controls.
 * `close()` restores the proxy first, so a test that failed with the database frozen still stops cleanly.
 */
export async function huixinBehindProxy(env: Record<string, string>, opts: StartOptions = {}): Promise<{ hx: TestHuixin; proxy: TcpProxy; close(): Promise<void> }> {
  const { db, proxy, url } = await databaseBehindProxy();
  const hx = await startTestHuixin({ DATABASE_URL: url, ...env }, opts);
  return {
    hx, proxy,
    close: async () => {
      await proxy.restore();
      await hx.close();
      await db.drop();
      await proxy.close();
    },
  };
}
