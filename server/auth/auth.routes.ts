import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { Agent, type Role } from '../db/entities';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validate';
import type { DataSource } from 'typeorm';
import { verifyPassword } from './passwords';
import type { SessionStore } from './sessions';

export const SESSION_COOKIE = 'huixin_session';

declare module 'express-serve-static-core' {
  interface Request { agent?: Agent }
}

/** The bearer token from `Authorization: Bearer …` or, for the browser, the session cookie. */
export function tokenOf(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = req.get('cookie')?.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)) : undefined;
}

export function requireRole(sessions: SessionStore, ...roles: Role[]): RequestHandler {
  return async (req, _res, next) => {
    const agent = await sessions.agentFor(tokenOf(req));
    if (!agent) return next(new HttpError(401, 'unauthenticated', 'Log in first: send Authorization: Bearer <token>'));
    if (roles.length && !roles.includes(agent.role)) return next(new HttpError(403, 'forbidden', `This needs the ${roles.join(' or ')} role`));
    req.agent = agent;
    next();
  };
}

const loginSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

export function authRoutes(ds: DataSource, sessions: SessionStore): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const { email, password } = parseBody(loginSchema, req);
    const agent = await ds.manager.findOneBy(Agent, { email: email.toLowerCase(), active: true });
    if (!agent || !(await verifyPassword(password, agent.passwordHash))) {
      throw new HttpError(401, 'invalid_credentials', 'Email or password is wrong');
    }
    const token = await sessions.create(agent.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', maxAge: 14 * 86_400_000, path: '/' });
    res.json({ token, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, locale: agent.locale } });
  });
  router.post('/logout', async (req, res) => {
    const token = tokenOf(req);
    if (token) await sessions.revoke(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  router.get('/me', requireRole(sessions), (req, res) => {
    const a = req.agent!;
    res.json({ agent: { id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, away: a.away } });
  });
  return router;
}
