import type { InboxServer } from './socket-server';
import { watchedRoomsOf } from './unwatched-rooms';

/** Every authenticated inbox socket joins this room; with the Redis adapter it spans all nodes. */
export const AGENTS_ROOM = 'agents';
/** Admins' sockets, for what only admins see (campaign progress). */
export const ADMINS_ROOM = 'admins';
/** The start of an agent's own room's name (socket-server.ts lists these rooms across nodes). */
export const AGENT_ROOM_PREFIX = 'agent:';
export const agentRoom = (agentId: number) => `${AGENT_ROOM_PREFIX}${agentId}`;
/** The start of a thread's room's name (socket-server.ts skips their broadcasts when nobody shows the thread). */
export const CONVERSATION_ROOM_PREFIX = 'conversation:';
export const conversationRoom = (conversationId: number) => `${CONVERSATION_ROOM_PREFIX}${conversationId}`;

/** Who is connected to the inbox, on any node (through the Redis adapter): one per running Huixin, in AppDeps. */
export interface Presence {
  /** Agents with at least one connected inbox socket, by id. */
  onlineAgentIds(): Promise<number[]>;
  /** Who currently has this conversation open. */
  viewersOf(conversationId: number): Promise<Array<{ id: number; name: string }>>;
}

export function createPresence(io: InboxServer): Presence {
  return {
    async onlineAgentIds() {
      // With Redis, every node's list of its agents' rooms answers it here (watched-rooms.ts); asking every node for
      // its sockets (fetchSockets) had each serialise all of them, handshakes included, for every hand-off.
      const agentRooms = watchedRoomsOf(io.of('/'))?.roomsAnywhere((room) => room.startsWith(AGENT_ROOM_PREFIX));
      if (agentRooms) return [...agentRooms].map((room) => Number(room.slice(AGENT_ROOM_PREFIX.length))).sort((a, b) => a - b);
      const sockets = await io.in(AGENTS_ROOM).fetchSockets();
      return [...new Set(sockets.map((s) => s.data.agentId))].sort((a, b) => a - b);
    },
    async viewersOf(conversationId) {
      const sockets = await io.in(conversationRoom(conversationId)).fetchSockets();
      const byId = new Map(sockets.filter((s) => s.data.viewing === conversationId).map((s) => [s.data.agentId, { id: s.data.agentId, name: s.data.name }]));
      return [...byId.values()];
    },
  };
}
