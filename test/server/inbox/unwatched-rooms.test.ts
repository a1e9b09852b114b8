import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createSocketServer, type SocketServer } from '../../../server/inbox/socket-server';
import { createLogger } from '../../../server/shared/logger';
import { eventually } from '../../support/test-server';

// Two nodes sharing Redis when the run has it (CI's MariaDB + Redis run), one process's in-memory adapter otherwise.
const REDIS_URL = process.env.REDIS_URL;

interface Node { server: SocketServer; http: http.Server; url: string; encodes(): number }

async function startNode(redisKey: string): Promise<Node> {
  const server = await createSocketServer({ redisUrl: REDIS_URL, redisKey, log: createLogger('silent') });
  const httpServer = http.createServer();
  server.attach(httpServer);
  // A socket joins the room its handshake names, as an agent's joins the thread they open.
  server.io.on('connection', (socket) => { void socket.join(String(socket.handshake.auth.room)); });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  let encodes = 0;
  const encoder = (server.io as unknown as { encoder: { encode(packet: unknown): unknown[] } }).encoder;
  const encode = encoder.encode.bind(encoder);
  encoder.encode = (packet) => { encodes += 1; return encode(packet); };
  return { server, http: httpServer, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, encodes: () => encodes };
}

function viewer(url: string, room: string): Promise<Socket> {
  const socket = connect(url, { auth: { room }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => { socket.once('connect', () => resolve(socket)); socket.once('connect_error', reject); });
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
    await eventually(() => node.server.io.of('/').adapter.rooms.get('conversation:1')?.size === 1);
    const seen = received(socket);
    const before = node.encodes();   // the viewer's handshake was encoded too

    for (let i = 0; i < 20; i += 1) node.server.io.to(`conversation:${100 + i}`).emit('message:created', { id: i } as never);
    expect(node.encodes() - before).toBe(0);

    node.server.io.to(['conversation:2', 'conversation:1']).emit('message:created', { id: 'watched' } as never);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ id: 'watched' }]);
    expect(node.encodes() - before).toBe(1);
  });

  (REDIS_URL ? it : it.skip)('still reach a viewer on another node, which this process does not know of', async () => {
    const key = `unwatched-${randomUUID()}`;
    const [here, there] = [await startNode(key), await startNode(key)];
    nodes.push(here, there);
    const socket = await viewer(there.url, 'conversation:7');
    sockets.push(socket);
    await eventually(() => there.server.io.of('/').adapter.rooms.get('conversation:7')?.size === 1);
    const seen = received(socket);

    here.server.io.to('conversation:7').emit('message:created', { id: 'from the other node' } as never);
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ id: 'from the other node' }]);
    expect(here.encodes()).toBe(0);
  });
});
