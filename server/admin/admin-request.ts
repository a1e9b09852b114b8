import type { Request } from 'express';
import { requireRole } from '../auth/require-role';
import type { SessionStore } from '../auth/sessions';
import type { Author } from './config-store';

/** Agents may read the bot's configuration (to understand its answers); only admins change it. */
export const canRead = (sessions: SessionStore) => requireRole(sessions, 'admin', 'agent');
export const canWrite = (sessions: SessionStore) => requireRole(sessions, 'admin');

export function authorOf(req: Request): Author {
  const agent = req.agent!;
  return { id: agent.id, email: agent.email };
}
