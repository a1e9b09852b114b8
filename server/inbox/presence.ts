import type { InboxServer } from './socket-server';
import { watchedRoomsOf } from './unwatched-rooms';

/** Every authenticated inbox socket joins this room; with the Redis adapter it spans all nodes. */
export const AGENTS_ROOM = 'agents';
/** Admins' sockets, for what only admins see (campaign progress). */
export const ADMINS_ROOM = 'admins';
export const agentRoom = (agentId: number) => `agent:${agentId}`;
const AGENT_ROOM = /^agent:(\d+)$/;
export const conversationRoom = (conversationId: number) => `conversation:${conversationId}`;

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
      const agentRooms = watchedRoomsOf(io.of('/'))?.roomsAnywhere((room) => AGENT_ROOM.test(room));
      if (agentRooms) return [...agentRooms].map((room) => Number(AGENT_ROOM.exec(room)![1])).sort((a, b) => a - b);
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
