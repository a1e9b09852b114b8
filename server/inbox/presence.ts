import type { Server } from 'socket.io';
import type { EventBus } from '../events/event-bus';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from './socket-contract';

export type InboxServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Every authenticated inbox socket joins this room; with the Redis adapter it spans all nodes. */
export const AGENTS_ROOM = 'agents';
export const agentRoom = (agentId: number) => `agent:${agentId}`;
export const conversationRoom = (conversationId: number) => `conversation:${conversationId}`;

const servers = new WeakMap<EventBus, InboxServer>();

export function registerInboxServer(bus: EventBus, io: InboxServer): () => void {
  servers.set(bus, io);
  return () => servers.delete(bus);
}

/** Agents with at least one connected inbox socket on any node. */
export async function onlineAgentIds({ bus }: { bus: EventBus }): Promise<number[]> {
  const io = servers.get(bus);
  if (!io) return [];
  const sockets = await io.in(AGENTS_ROOM).fetchSockets();
  return [...new Set(sockets.map((s) => s.data.agentId))].sort((a, b) => a - b);
}

/** Who (on any node) currently has this conversation open. */
export async function viewersOf(io: InboxServer, conversationId: number): Promise<Array<{ id: number; name: string }>> {
  const sockets = await io.in(conversationRoom(conversationId)).fetchSockets();
  const byId = new Map(sockets.filter((s) => s.data.viewing === conversationId).map((s) => [s.data.agentId, { id: s.data.agentId, name: s.data.name }]));
  return [...byId.values()];
}
