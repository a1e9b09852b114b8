import { Router } from 'express';
import { z } from 'zod';
import { tokenOf, requireRole } from '../auth/require-role';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { Agent } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validate';
import { toE164 } from '../shared/phone';
import { LOCALES, type ProfileView } from './team-contract';
import { newPassword } from './team.routes';

export const profileSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters').optional(),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
  password: newPassword.optional(),
  currentPassword: z.string().max(1024, 'must be at most 1024 characters').optional(),
  /** The agent's own mobile, where a campaign's test send goes (null removes it). */
  phone: z.string().max(32, 'must be at most 32 characters').nullable().optional(),
}).strict();

const profileOf = (a: Agent): ProfileView => ({ id: a.id, email: a.email, name: a.name, role: a.role, locale: a.locale, phone: a.phone ?? null });

/** Every agent's own name, language and password. Changing the password needs the current one, and signs out elsewhere. */
export function profileRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);

  router.get('/me', signedIn, (req, res) => { res.json({ agent: profileOf(req.agent!) }); });

  router.patch('/me', signedIn, async (req, res) => {
    const { password, currentPassword, phone, ...rest } = parseBody(profileSchema, req);
    const me = req.agent!;
    const change: Partial<Pick<Agent, 'name' | 'locale' | 'passwordHash' | 'phone'>> = { ...rest };
    if (phone !== undefined) {
      change.phone = phone === null || phone.trim() === '' ? null : toE164(phone, deps.config.DEFAULT_REGION);
      if (change.phone === undefined || (phone && !change.phone)) throw new HttpError(400, 'invalid_field', 'phone: not a phone number', 'phone');
    }
    if (password !== undefined) {
      if (!currentPassword) throw new HttpError(400, 'invalid_field', 'currentPassword: is required to set a new password', 'currentPassword');
      if (!await verifyPassword(currentPassword, me.passwordHash)) throw new HttpError(400, 'wrong_password', 'currentPassword: is not your password', 'currentPassword');
      change.passwordHash = await hashPassword(password);
    }
    await inTransaction(deps.ds, async (em) => {
      if (Object.keys(change).length) await em.update(Agent, { id: me.id }, change);
      if (change.passwordHash) await deps.sessions.endAllFor(em, me.id, tokenOf(req));
    });
    res.json({ agent: profileOf(Object.assign(me, change)) });
  });
  return router;
}
