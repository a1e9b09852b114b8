import { Router } from 'express';
import { z } from 'zod';
import { Agent } from '../db/entities';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validate';
import type { DataSource } from 'typeorm';
import { addressKey } from './client-address';
import type { LoginBrake } from './login-brake';
import { verifyPassword, verifyWithoutAccount } from './passwords';
import { requireRole, tokenOf } from './require-role';
import { SESSION_COOKIE } from './session-token';
import type { SessionStore } from './sessions';

export { SESSION_COOKIE };

// A password is capped so nobody can make scrypt hash a 256 kB body.
export const loginSchema = z.object({ email: z.string().email(), password: z.string().min(1).max(1024) });

export interface AuthOptions {
  brake: LoginBrake;
  /** Only over https (PUBLIC_URL says so): a Secure cookie would not come back over plain http. */
  secureCookie: boolean;
  /** The business's time zone (settings): every time the inbox and admin pages show is in it, whatever the browser's. */
  businessTimezone: () => Promise<string>;
}

/** The browser's session cookie: httpOnly, sent back only to this site. */
export const sessionCookie = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax', secure, path: '/' } as const);
export const SESSION_COOKIE_MAX_AGE = 14 * 86_400_000;

export function authRoutes(ds: DataSource, sessions: SessionStore, { brake, secureCookie, businessTimezone }: AuthOptions): Router {
  const router = Router();
  const cookie = sessionCookie(secureCookie);

  router.post('/login', async (req, res) => {
    const { email, password } = parseBody(loginSchema, req);
    const account = email.toLowerCase();
    const address = addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const wait = await brake.attempt(account, address);
    if (wait) {
      res.set('Retry-After', String(wait));
      throw new HttpError(429, 'too_many_attempts', `Too many failed logins: try again in ${Math.ceil(wait / 60)} minute(s)`);
    }
    const agent = await ds.manager.findOneBy(Agent, { email: account, active: true });
    const ok = agent ? await verifyPassword(password, agent.passwordHash) : await verifyWithoutAccount(password);
    if (!agent || !ok) throw new HttpError(401, 'invalid_credentials', 'Email or password is wrong');
    await brake.succeeded(account, address);
    const token = await sessions.create(agent.id);
    await ds.manager.update(Agent, { id: agent.id }, { lastLoginAt: new Date() });
    res.cookie(SESSION_COOKIE, token, { ...cookie, maxAge: SESSION_COOKIE_MAX_AGE });
    res.json({ token, agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role, locale: agent.locale }, timezone: await businessTimezone() });
  });
  router.post('/logout', async (req, res) => {
    const token = tokenOf(req);
    if (token) await sessions.revoke(token);
    res.clearCookie(SESSION_COOKIE, cookie);
    res.json({ ok: true });
  });
  router.get('/me', requireRole(sessions), async (req, res) => {
    const a = req.agent!;
    res.json({ agent: { id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, away: a.away }, timezone: await businessTimezone() });
  });
  return router;
}
