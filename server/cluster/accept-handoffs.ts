import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Listening } from '../huixin';

/** The message that comes with a connection the primary hands over (primary.ts): the bytes it already read. */
export interface Handoff { huixin: 'connection'; head: string }

export const isHandoff = (message: unknown): message is Handoff =>
  typeof message === 'object' && message !== null && (message as Handoff).huixin === 'connection';

/**
 * A cluster worker's HTTP server takes the connections its primary hands over (with the bytes the primary read to
 * choose the worker, replayed first). It also listens on a private loopback port of its own: that turns on Node's
 * connection tracking (closeIdleConnections, header timeouts) and lets a test or an operator reach one worker.
 *
 * Handed-over connections are not counted by server.close(), so the drain counts them itself: after stop(), idle
 * keep-alive connections are closed as soon as their response is sent, and stop() resolves when the last is gone.
 */
export function acceptHandoffs(server: http.Server): Promise<Listening> {
  const open = new Set<Socket>();
  let closing = false;
  const onMessage = (message: unknown, socket?: Socket) => {
    if (!isHandoff(message) || !socket) return;
    if (closing) { socket.destroy(); return; }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    server.emit('connection', socket);
    socket.emit('data', Buffer.from(message.head, 'base64'));
    socket.resume();
  };
  process.on('message', onMessage);
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => { if (closing) res.shouldKeepAlive = false; });

  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve({
      url,
      stop: async () => {
        closing = true;
        process.off('message', onMessage);
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Requests already under way keep their keep-alive connection until they finish; close each once it idles.
        while (open.size > 0) {
          server.closeIdleConnections();
          await new Promise((r) => setTimeout(r, 50));
        }
        await closed;
      },
    });
  }));
}
