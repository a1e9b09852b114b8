import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { isForeignOrigin } from '../http/same-origin';
import type { Logger } from '../shared/logger';

/**
 * Socket.IO on the HTTP server; with REDIS_URL, rooms are shared by every Huixin node through the Redis adapter.
 * A handshake from another site's page is refused before any namespace sees it: the browser would send the
 * session cookie along, and the inbox streams every customer's messages.
 */
export async function createSocketServer(http: HttpServer, redisUrl: string | undefined, redisKey: string, log: Logger, publicUrl?: string): Promise<{ io: Server; close(): Promise<void> }> {
  const io = new Server(http, {
    serveClient: false,
    allowRequest: (req, callback) => callback(null, !isForeignOrigin(req.headers, publicUrl)),
  });
  if (!redisUrl) return { io, close: async () => { await io.close(); } };
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on('error', (err) => log.error({ err }, 'redis publisher error'));
  sub.on('error', (err) => log.error({ err }, 'redis subscriber error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key: `${redisKey}#socket.io` }));
  return {
    io,
    close: async () => {
      await io.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
