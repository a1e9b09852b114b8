import type { Server as HttpServer } from 'node:http';
import { createRedisClient } from '../shared/redis-client';
import { Server, type Socket } from 'socket.io';
import { isForeignOrigin } from '../http/same-origin';
import type { Logger } from '../shared/logger';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './socket-contract';
import { skipBroadcastsNobodyGets } from './unwatched-rooms';
import { AGENT_ROOM_PREFIX, CONVERSATION_ROOM_PREFIX } from './presence';
import { PHONE_ROOM_PREFIX } from '../simulator/simulator.namespace';

/** Nodes talk to each other through the adapter's rooms, and tell each other which rooms they watch (watched-rooms.ts). */
type InterServerEvents = Record<string, never>;

/**
 * Per namespace, the rooms whose broadcasts are published only while some node's socket is in them: a thread's (the
 * inbox joins it, acknowledged, before loading the thread) and a simulated phone's (likewise). Never the agents'
 * room or an agent's own: a socket is in those from its connection, before any join could be announced.
 */
const TRACKED_ROOMS: Record<string, string> = { '/': CONVERSATION_ROOM_PREFIX, '/simulator': PHONE_ROOM_PREFIX };
/** Per namespace, the rooms every node lists for the others without skipping them: an agent's own (who is online). */
const REPORTED_ROOMS: Record<string, string> = { '/': AGENT_ROOM_PREFIX };
const startingWith = (prefix: string | undefined) => (prefix ? (room: string) => room.startsWith(prefix) : undefined);
export type InboxServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface SocketServerOptions { redisUrl?: string; redisKey: string; log: Logger; publicUrl?: string }

export interface SocketServer {
  /** Typed by the inbox's contract from creation; other namespaces (the simulator's) bring their own events. */
  io: InboxServer;
  /** Serves Socket.IO on the HTTP server, made after the app that needs `io`'s presence; `sessionId` names sessions. */
  attach(http: HttpServer, sessionId?: () => string): void;
  close(): Promise<void>;
}

/**
 * Socket.IO for the HTTP server; with REDIS_URL, rooms are shared by every Huixin node through the Redis adapter.
 * A handshake from another site's page is refused before any namespace sees it: the browser would send the
 * session cookie along, and the inbox streams every customer's messages.
 */
export async function createSocketServer({ redisUrl, redisKey, log, publicUrl }: SocketServerOptions): Promise<SocketServer> {
  const io: InboxServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>({
    serveClient: false,
    allowRequest: (req, callback) => callback(null, !isForeignOrigin(req.headers, publicUrl)),
  });
  const attach = (http: HttpServer, sessionId?: () => string) => {
    io.attach(http);
    if (sessionId) io.engine.generateId = sessionId;
  };
  if (!redisUrl) {
    skipBroadcastsNobodyGets(io);
    return { io, attach, close: async () => { await io.close(); } };
  }
  const pub = createRedisClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on('error', (err) => log.error({ err }, 'redis publisher error'));
  sub.on('error', (err) => log.error({ err }, 'redis subscriber error'));
  for (const client of [pub, sub]) catchDroppedCommands(client, log);
  await Promise.all([pub.connect(), sub.connect()]);
  const { createAdapter } = require('@socket.io/redis-adapter') as typeof import('@socket.io/redis-adapter');   // loaded with Redis only
  skipBroadcastsNobodyGets(io, createAdapter(pub, sub, { key: `${redisKey}#socket.io` }), {
    tracked: (namespace) => startingWith(TRACKED_ROOMS[namespace]),
    reported: (namespace) => startingWith(REPORTED_ROOMS[namespace]),
    log,
    onReconnect: (callback) => { for (const client of [pub, sub]) client.on('ready', callback); },
  });
  return {
    io,
    attach,
    close: async () => {
      await io.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

type RedisClient = ReturnType<typeof createRedisClient>;
type FireAndForget = 'publish' | 'sPublish' | 'subscribe' | 'pSubscribe' | 'sSubscribe';

/**
 * The Redis adapter publishes and subscribes without awaiting: when the connection to Redis drops, node-redis
 * rejects the commands still under way and nobody catches them, which on Node's default ends the process — sockets,
 * webhooks under way and all. The rejection is only news (the client says so on 'error', reconnects and subscribes
 * again by itself; a broadcast lost in the gap is what a dropped connection costs), so it is noted and nothing else.
 */
function catchDroppedCommands(client: RedisClient, log: Logger): void {
  for (const method of ['publish', 'sPublish', 'subscribe', 'pSubscribe', 'sSubscribe'] satisfies FireAndForget[]) {
    const send = (client[method] as (...args: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<FireAndForget, unknown>)[method] = (...args: unknown[]) => {
      const sent = send(...args);
      sent.catch((err: unknown) => log.warn({ err, command: method }, 'redis command dropped with the connection'));
      return sent;
    };
  }
}
