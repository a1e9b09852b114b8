import { Router, type Request } from 'express';
import { Not, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { SESSION_COOKIE, SESSION_COOKIE_MAX_AGE, sessionCookie } from '../auth/auth.routes';
import { hashPassword } from '../auth/passwords';
import { requireRole } from '../auth/require-role';
import { isMysql } from '../db/data-source';
import { Agent } from '../db/entities';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import type { AppDeps } from '../deps';
import { publishAfterCommit } from '../events/after-commit';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { hashInviteToken, inviteUrl, issueInvite, NO_PASSWORD, toTeamMemberView } from './invite-link';
import { LOCALES, ROLES, type InviteAnswer } from './team-contract';

const name = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');
/** Long enough to resist guessing; capped so nobody can make scrypt hash a 256 kB body. */
export const newPassword = z.string({ error: 'is required' }).min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters');

export const inviteSchema = z.object({
  email: z.string({ error: 'is required' }).trim().toLowerCase().pipe(z.email('must be an email address').max(190, 'must be at most 190 characters')),
  name,
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
});
export const changeSchema = z.object({
  name: name.optional(),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).optional(),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
}).strict();
export const acceptSchema = z.object({ token: z.string({ error: 'is required' }).min(1, 'is required').max(200, 'is not a link of ours'), password: newPassword });

/**
 * The team: admins invite agents (a one-time link the admin passes on, since Huixin sends no email), change their role,
 * deactivate and reactivate them and issue password-reset links; the link's holder sets a password and is signed in.
 */
export function teamRoutes(deps: AppDeps): Router {
  const { ds, clock, sessions, conversations } = deps;
  const router = Router();
  const admin = requireRole(sessions, 'admin');
  const cookie = sessionCookie(deps.config.PUBLIC_URL?.startsWith('https:') ?? false);
  /** Where links point: PUBLIC_URL, or the address this request came to. */
  const origin = (req: Request) => deps.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`;

  router.post('/agents', admin, async (req, res) => {
    const input = parseBody(inviteSchema, req);
    const link = issueInvite(clock.now());
    const agent = ds.manager.create(Agent, {
      email: input.email, name: input.name, role: input.role, locale: input.locale ?? req.agent!.locale, active: true, away: false,
      passwordHash: NO_PASSWORD, inviteTokenHash: link.inviteTokenHash, inviteExpiresAt: link.inviteExpiresAt, lastLoginAt: null,
    });
    try {
      await ds.manager.save(agent);
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError(409, 'email_taken', 'An agent with this email already exists', 'email');
      throw err;
    }
    res.status(201).json({ agent: toTeamMemberView(agent), inviteUrl: inviteUrl(origin(req), link.token) } satisfies InviteAnswer);
  });

  router.patch('/agents/:id', admin, async (req, res) => {
    const id = idParam(req);
    const change = parseBody(changeSchema, req);
    const agent = await publishAfterCommit(ds, async (em, events) => {
      const target = await em.findOneBy(Agent, { id });
      if (!target) throw notFound('Agent');
      const leavesAdmins = target.role === 'admin' && target.active && (change.active === false || change.role === 'agent');
      if (leavesAdmins) await refuseLastAdmin(em, target.id);
      const deactivating = target.active && change.active === false;
      Object.assign(target, change);
      if (Object.keys(change).length) await em.update(Agent, { id }, change);
      if (deactivating) {
        // Signed out everywhere, and what they were answering goes back to the queue for someone else.
        await sessions.endAllFor(em, id);
        await conversations.releaseAllOf(em, events, id);
        events.push(() => deps.inboxEvents.emit('agent:deactivated', { agentId: id }));
      }
      return target;
    });
    res.json({ agent: toTeamMemberView(agent) });
  });

  /** A new one-time link that sets a password; the old password keeps working until the link is used. */
  router.post('/agents/:id/reset-link', admin, async (req, res) => {
    const id = idParam(req);
    const agent = await ds.manager.findOneBy(Agent, { id });
    if (!agent) throw notFound('Agent');
    if (!agent.active) throw new HttpError(409, 'inactive', 'Reactivate this agent first');
    const link = issueInvite(clock.now());
    await ds.manager.update(Agent, { id }, { inviteTokenHash: link.inviteTokenHash, inviteExpiresAt: link.inviteExpiresAt });
    Object.assign(agent, { inviteTokenHash: link.inviteTokenHash, inviteExpiresAt: link.inviteExpiresAt });
    res.json({ agent: toTeamMemberView(agent), inviteUrl: inviteUrl(origin(req), link.token) } satisfies InviteAnswer);
  });

  /** The link's holder sets a password and is signed in, like a login; the link works once. */
  router.post('/auth/accept-invite', async (req, res) => {
    const { token, password } = parseBody(acceptSchema, req);
    const passwordHash = await hashPassword(password);
    const now = clock.now();
    const agent = await inTransaction(ds, async (em) => {
      const found = await em.findOneBy(Agent, { inviteTokenHash: hashInviteToken(token), active: true });
      if (!found) throw new HttpError(410, 'invite_used', 'This link has been used or withdrawn: ask an admin for a new one', 'token');
      if (!found.inviteExpiresAt || found.inviteExpiresAt <= now) {
        throw new HttpError(410, 'invite_expired', 'This link has expired: ask an admin for a new one', 'token');
      }
      // The condition on the hash makes a second, simultaneous use of the same link change nothing.
      const result = await em.update(Agent, { id: found.id, inviteTokenHash: found.inviteTokenHash! },
        { passwordHash, inviteTokenHash: null, inviteExpiresAt: null, lastLoginAt: now });
      if (!result.affected) throw new HttpError(410, 'invite_used', 'This link has been used: ask an admin for a new one', 'token');
      await sessions.endAllFor(em, found.id);   // a reset: whoever knew the old password is signed out
      return found;
    });
    const sessionToken = await sessions.create(agent.id);
    res.cookie(SESSION_COOKIE, sessionToken, { ...cookie, maxAge: SESSION_COOKIE_MAX_AGE });
    res.json({ token: sessionToken, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, locale: agent.locale } });
  });
  return router;
}

/**
 * 409 unless another admin remains who is active and has set a password (an admin still invited cannot sign in to
 * run anything). On MariaDB the admins' rows are read FOR UPDATE, so two admins demoting each other at once cannot
 * both succeed; SQLite has one writer.
 */
async function refuseLastAdmin(em: EntityManager, leaving: number): Promise<void> {
  const admins = await em.find(Agent, {
    where: { role: 'admin', active: true, passwordHash: Not(NO_PASSWORD) }, select: { id: true }, order: { id: 'ASC' },
    ...(isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (admins.some((a) => a.id !== leaving)) return;
  throw new HttpError(409, 'last_admin', 'This is the last active admin: make someone else an admin first');
}
