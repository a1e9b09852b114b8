import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { Agent } from '../db/entities';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { oneOf } from '../http/query-schemas';
import { parseBody, parseQuery } from '../http/validate';
import { toTeamMemberView } from '../team/invite-link';
import type { AgentView } from './socket-contract';

export const listSchema = z.object({ include: oneOf(['inactive'] as const).optional() });
export const availabilitySchema = z.object({ away: z.boolean({ error: 'away must be true or false' }) });

/** The agent directory (assignment, @mentions, presence dots) and each agent's own availability switch. */
export function agentRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);

  /**
   * Active agents for everyone; an admin also sees each one's status, last login and open link, and with
   * `?include=inactive` the deactivated too (the Team page).
   */
  router.get('/agents', signedIn, async (req, res) => {
    const { include } = parseQuery(listSchema, req);
    const isAdmin = req.agent!.role === 'admin';
    if (include && !isAdmin) throw new HttpError(403, 'forbidden', 'Only admins see deactivated agents');
    const agents = await deps.ds.manager.find(Agent, { where: include ? {} : { active: true }, order: { id: 'ASC' } });
    const online = new Set(await deps.presence.onlineAgentIds());
    res.json({ items: agents.map((a) => ({
      ...(isAdmin ? toTeamMemberView(a) : {}),
      ...({ id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, online: online.has(a.id), away: a.away } satisfies AgentView),
    })) });
  });

  /** Away: still signed in and reachable by @mention, but automatic assignment passes this agent by. */
  router.post('/agents/me/availability', signedIn, async (req, res) => {
    const { away } = parseBody(availabilitySchema, req);
    const agent = req.agent!;
    await deps.ds.manager.update(Agent, { id: agent.id }, { away });
    deps.inboxEvents.emit('agent:availability', { agentId: agent.id, name: agent.name, away });
    res.json({ away });
  });
  return router;
}
