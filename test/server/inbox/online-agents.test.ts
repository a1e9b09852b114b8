import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { AGENTS_ROOM, agentRoom, createPresence } from '../../../server/inbox/presence';
import type { SocketServer } from '../../../server/inbox/socket-server';
import { watchedRoomsOf } from '../../../server/inbox/unwatched-rooms';
import { createRedisClient } from '../../../server/shared/redis-client';
import { eventually } from '../../support/test-server';
import { connectedSocket, startSocketNode } from './socket-nodes';

// Round-robin asks who is online at every hand-off. With Redis it used to ask every node for all its sockets
// (fetchSockets: each node serialised every socket, handshake and all); now every node's list of its agents' rooms
// answers it locally.
const REDIS_URL = process.env.REDIS_URL;
const servers: SocketServer[] = [];
const clients: Array<{ close(): unknown }> = [];
afterAll(async () => {
  clients.forEach((c) => c.close());
  for (const server of servers) await server.close();
});

async function startNode(redisKey: string): Promise<{ server: SocketServer; url: string }> {
  // A socket is an agent's, as the inbox's: in the agents' room and its agent's own.
  const node = await startSocketNode(redisKey, (socket) => {
    socket.data.agentId = Number(socket.handshake.auth.agentId);
    void socket.join([AGENTS_ROOM, agentRoom(socket.data.agentId)]);
  });
  servers.push(node.server);
  clients.push(node.http);
  return node;
}

async function agentOn(url: string, agentId: number): Promise<Socket> {
  const socket = await connectedSocket(url, { agentId });
  clients.push(socket);
  return socket;
}

(REDIS_URL ? describe : describe.skip)('who is online, across nodes', () => {
  it('is known on every node without asking the others for their sockets, as agents come and go', async () => {
    const key = `online-${randomUUID()}`;
    const [here, there] = [await startNode(key), await startNode(key)];
    const presence = createPresence(here.server.io);
    const requests: string[] = [];
    const listener = createRedisClient({ url: REDIS_URL });
    await listener.connect();
    clients.push({ close: () => listener.quit() });
    await listener.subscribe(`${key}#socket.io-request#/#`, (message) => { requests.push(message); });
    await eventually(() => [here, there].every((node) => watchedRoomsOf(node.server.io.of('/'))?.knowsEveryNode()));

    const [ana] = [await agentOn(there.url, 5), await agentOn(here.url, 3), await agentOn(there.url, 8)];
    await eventually(async () => JSON.stringify(await presence.onlineAgentIds()) === '[3,5,8]');
    ana.close();
    await eventually(async () => JSON.stringify(await presence.onlineAgentIds()) === '[3,8]');
    const fetches = requests.filter((r) => r.startsWith('{') && JSON.parse(r).type === 5);   // REMOTE_FETCH
    expect(fetches).toEqual([]);
  });
});
