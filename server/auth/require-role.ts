import type { Request, RequestHandler } from 'express';
import type { Agent, Role } from '../db/entities';
import { HttpError } from '../http/errors';
import { sessionTokenOf } from './session-token';
import type { SessionStore } from './sessions';

declare module 'express-serve-static-core' {
  interface Request { agent?: Agent }
}

/** The bearer token from `Authorization: Bearer …` or, for the browser, the session cookie. */
export const tokenOf = (req: Request): string | undefined => sessionTokenOf(req.headers);

/**
 * Express middleware: a live session (401 without one) whose agent has one of `roles` (403 otherwise; no roles: any
 * signed-in agent). The agent is on `req.agent` for the handlers behind it.
 */
export function requireRole(sessions: SessionStore, ...roles: Role[]): RequestHandler {
  return async (req, _res, next) => {
    const agent = await sessions.agentFor(tokenOf(req));
    if (!agent) return next(new HttpError(401, 'unauthenticated', 'Log in first: send Authorization: Bearer <token>'));
    if (roles.length && !roles.includes(agent.role)) return next(new HttpError(403, 'forbidden', `This needs the ${roles.join(' or ')} role`));
    req.agent = agent;
    next();
  };
}
