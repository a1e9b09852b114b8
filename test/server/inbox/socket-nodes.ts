import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createSocketServer, type InboxSocket, type SocketServer } from '../../../server/inbox/socket-server';
import { createLogger } from '../../../server/shared/logger';

/**
 * A Socket.IO node as Huixin makes it (createSocketServer: with REDIS_URL on the Redis adapter under `redisKey`, else
 * in memory), serving on a port of its own; `onConnection` plays the gateway. The caller closes both.
 */
export async function startSocketNode(redisKey: string, onConnection: (socket: InboxSocket) => void): Promise<{ server: SocketServer; http: http.Server; url: string }> {
  const server = await createSocketServer({ redisUrl: process.env.REDIS_URL, redisKey, log: createLogger('silent') });
  const httpServer = http.createServer();
  server.attach(httpServer);
  server.io.on('connection', onConnection);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return { server, http: httpServer, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
}

/** A client socket on `url` (websocket only, never reconnecting), once connected. */
export async function connectedSocket(url: string, auth: Record<string, unknown> = {}): Promise<Socket> {
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => { socket.once('connect', () => resolve(undefined)); socket.once('connect_error', reject); });
  return socket;
}
