import type { IncomingHttpHeaders } from 'node:http';
import type { Agent } from '../db/entities';
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
