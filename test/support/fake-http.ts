import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake provider saw it: the whole body already read. */
export interface FakeRequest { method: string; url: string; path: string; headers: IncomingHttpHeaders; body: string }

/** What a fake answers; `delayMs` holds the answer back (a provider that is slow, or hangs past a deadline). */
export interface FakeReply { status: number; headers?: Record<string, string | number>; body?: string | Buffer; delayMs?: number }

export type FakeHandler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

/** A started fake: where it listens, every request it was sent (in order), and how to stop it. */
export interface FakeHttp { url: string; requests: FakeRequest[]; stop(): Promise<void> }

/** A JSON answer, as most provider APIs give one. */
export const jsonReply = (status: number, body: unknown, delayMs?: number): FakeReply =>
  ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), delayMs });

/**
 * The plumbing every fake provider shares: an HTTP server on a free local port that reads each body whole, records
 * the request and answers what `handler` says. `host` only changes the name in `url` (a test that needs the fake to
 * look like another host than 127.0.0.1, such as `localhost`); the server always listens on 127.0.0.1.
 */
export async function startFakeHttp(handler: FakeHandler, opts: { host?: string } = {}): Promise<FakeHttp> {
  const requests: FakeRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const seen: FakeRequest = { method: req.method ?? 'GET', url, path: url.split('?')[0], headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      Promise.resolve().then(() => handler(seen)).then((reply) => {
        const answer = () => { res.writeHead(reply.status, reply.headers); res.end(reply.body); };
        if (!reply.delayMs) return answer();
        const timer = setTimeout(answer, reply.delayMs);
        res.on('close', () => clearTimeout(timer));
      }).catch((err: Error) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end(`fake failed: ${err.message}`); });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
