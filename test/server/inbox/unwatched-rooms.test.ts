import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Socket } from 'socket.io-client';
import type { SocketServer } from '../../../server/inbox/socket-server';
import { watchedRoomsOf } from '../../../server/inbox/unwatched-rooms';
import { publishedChannels } from '../../support/redis-channels';
import { eventually } from '../../support/test-server';
import { connectedSocket, startSocketNode } from './socket-nodes';

// Two nodes sharing Redis when the run has it (CI's MariaDB + Redis run), one process's in-memory adapter otherwise.
const REDIS_URL = process.env.REDIS_URL;

interface Node { server: SocketServer; http: http.Server; url: string; encodes(): number }

async function startNode(redisKey: string): Promise<Node> {
  // A socket joins the room it asks for, acknowledged once joined, as the inbox's `conversation:view`.
  const node = await startSocketNode(redisKey, (socket) => {
    socket.on('view' as never, async (room: string, ack: () => void) => { await socket.join(room); ack(); });
  });
  let encodes = 0;
  const encoder = (node.server.io as unknown as { encoder: { encode(packet: unknown): unknown[] } }).encoder;
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (packet) => { encodes += 1; return encode(packet); };
  return { ...node, encodes: () => encodes };
}

async function viewer(url: string, room: string): Promise<Socket> {
  const socket = await connectedSocket(url);
  await socket.timeout(5000).emitWithAck('view', room);
  return socket;
}

const received = (socket: Socket) => {
  const seen: unknown[] = [];
  socket.on('message:created', (m: unknown) => seen.push(m));
  return seen;
};

describe('broadcasts to rooms nobody here watches', () => {
  const nodes: Node[] = [];
  const sockets: Socket[] = [];
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    for (const node of nodes) { await node.server.close(); node.http.close(); }
  });

  it('are not encoded for this process, while a room with a viewer gets every event once', async () => {
    const node = await startNode(`unwatched-${randomUUID()}`);
    nodes.push(node);
    const socket = await viewer(node.url, 'conversation:1');
    sockets.push(socket);
    const seen = received(socket);
    const before = node.encodes();   // the viewer's handshake was encoded too

    for (let i = 0; i < 20; i += 1) node.server.io.to(`conversation:${100 + i}`).emit('message:created', { id: i } as never);
    expect(node.encodes() - before).toBe(0);

    node.server.io.to(['conversation:2', 'conversation:1']).emit('message:created', { id: 'watched' } as never);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ id: 'watched' }]);
    expect(node.encodes() - before).toBe(1);
  });

  const knowsEveryNode = (node: Node) => watchedRoomsOf(node.server.io.of('/'))?.knowsEveryNode() === true;
  async function channelsOf(key: string): Promise<string[]> {
    const published = await publishedChannels(REDIS_URL!, `${key}#socket.io`);
    closers.push(published.stop);
    return published.channels;
  }
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => { for (const close of closers) await close(); });

  /** Two nodes sharing one Redis key, with a socket on the second viewing each of `rooms`; once both know every node. */
  async function twoNodes(...rooms: string[]) {
    const key = `unwatched-${randomUUID()}`;
    const [here, there] = [await startNode(key), await startNode(key)];
    nodes.push(here, there);
    const viewers: Socket[] = [];
    for (const room of rooms) viewers.push(await viewer(there.url, room));
    sockets.push(...viewers);
    await eventually(() => knowsEveryNode(here) && knowsEveryNode(there));
    return { key, here, viewers };
  }

  /** `here` broadcasts to each of `count` new rooms right after `join` resolves: `socket` must get every one. */
  async function everyFirstBroadcast(here: Node, socket: Socket, count: number, join: (room: string) => Promise<unknown>) {
    const seen = received(socket);
    for (let i = 0; i < count; i += 1) {
      await join(`conversation:${1000 + i}`);
      here.server.io.to(`conversation:${1000 + i}`).emit('message:created', { id: i } as never);
    }
    await eventually(() => seen.length === count);
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => ({ id: i })));
  }

  (REDIS_URL ? it : it.skip)('are not published to Redis when no node has a socket in them', async () => {
    const { key, here, viewers: [socket] } = await twoNodes('conversation:7');
    const seen = received(socket);
    const channels = await channelsOf(key);

    for (let i = 0; i < 20; i += 1) here.server.io.to(`conversation:${100 + i}`).emit('message:created', { id: i } as never);
    here.server.io.to('conversation:7').emit('message:created', { id: 'watched there' } as never);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ id: 'watched there' }]);
    await eventually(() => channels.length >= 1);
    expect(channels).toEqual(['conversation:7#']);
  });

  (REDIS_URL ? it : it.skip)('reach a room another node opened from the first broadcast after its join was acknowledged', async () => {
    const { here, viewers: [socket] } = await twoNodes('conversation:1');
    await everyFirstBroadcast(here, socket, 20, (room) => socket.timeout(5000).emitWithAck('view', room));
  });

  // Two agents open the same thread at once: the second's join must not be acknowledged before the first's is known.
  (REDIS_URL ? it : it.skip)('reach the second of two sockets that opened a room together, once its join is acknowledged', async () => {
    const { here, viewers: [first, second] } = await twoNodes('lobby', 'lobby');
    await everyFirstBroadcast(here, second, 10, (room) => {
      void first.emitWithAck('view', room);
      return second.timeout(5000).emitWithAck('view', room);
    });
  });

  (REDIS_URL ? it : it.skip)('still reach a viewer on another node, which this process does not know of', async () => {
    const key = `unwatched-${randomUUID()}`;
    const [here, there] = [await startNode(key), await startNode(key)];
    nodes.push(here, there);
    const socket = await viewer(there.url, 'conversation:7');
    sockets.push(socket);
    const seen = received(socket);

    here.server.io.to('conversation:7').emit('message:created', { id: 'from the other node' } as never);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ id: 'from the other node' }]);
    expect(here.encodes()).toBe(0);
  });
});
