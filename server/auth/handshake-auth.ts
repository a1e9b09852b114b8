import type { IncomingHttpHeaders } from 'node:http';
import type { ExtendedError } from 'socket.io';
import type { Agent } from '../db/entities';
import type { InboxSocket } from '../inbox/socket-server';
import { sessionTokenOf } from './session-token';
import type { SessionStore } from './sessions';

/**
 * The agent a Socket.IO handshake speaks for, or null: browsers authenticate with the httpOnly session cookie,
 * scripts and tests with `auth: { token }`. A database hiccup refuses the connection rather than failing it loudly.
 */
export async function agentOfHandshake(sessions: SessionStore, handshake: { auth: unknown; headers: IncomingHttpHeaders }): Promise<Agent | null> {
  const token = (handshake.auth as { token?: unknown } | undefined)?.token;
  return sessions.agentFor(typeof token === 'string' ? token : sessionTokenOf(handshake.headers)).catch(() => null);
}

/** Socket.IO middleware for the inbox: no valid session, no connection; the agent is remembered on `socket.data`. */
export function agentSocketAuth(sessions: SessionStore) {
  return async (socket: InboxSocket, next: (err?: ExtendedError) => void): Promise<void> => {
    const agent = await agentOfHandshake(sessions, socket.handshake);
    if (!agent) return next(new Error('unauthenticated'));
    socket.data = { agentId: agent.id, name: agent.name, role: agent.role, viewing: null, away: agent.away };
    next();
  };
}
