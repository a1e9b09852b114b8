import { Router } from 'express';
import { IsNull, type EntityManager } from 'typeorm';
import { requireRole } from '../auth/require-role';
import { buildTemplateVars } from '../conversations/template-vars';
import { Agent, CannedReply } from '../db/entities';
import { appointmentsIn } from '../db/repositories/appointments.repository';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody, parseQuery } from '../http/validate';
import type { CannedPreview, CannedReplyView } from './canned-contract';
import { cannedQuery, createCannedBody, patchCannedBody } from './canned-schemas';
import { refuseUnrenderable, renderCanned } from './canned-text';


const toView = (c: CannedReply, me: Agent): CannedReplyView => ({
  id: c.id, shortcut: c.shortcut, bodies: c.bodies, scope: c.ownerId === null ? 'team' : 'mine',
  editable: c.ownerId === null ? me.role === 'admin' : c.ownerId === me.id,
});

/** The team's replies and this agent's own, by shortcut; another agent's own are nobody else's business. */
async function visibleTo(em: EntityManager, me: Agent, q?: string): Promise<CannedReply[]> {
  const all = await em.find(CannedReply, { where: [{ ownerId: IsNull() }, { ownerId: me.id }], order: { shortcut: 'ASC' } });
  const wanted = q?.trim().toLowerCase();
  return wanted ? all.filter((c) => c.shortcut.includes(wanted) || Object.values(c.bodies).some((b) => b.toLowerCase().includes(wanted))) : all;
}

/** The reply, if this agent may change it: the team's by admins, one's own by oneself; others' own are not found. */
async function editable(em: EntityManager, id: number, me: Agent): Promise<CannedReply> {
  const reply = await em.findOneBy(CannedReply, { id });
  if (!reply || (reply.ownerId !== null && reply.ownerId !== me.id)) throw notFound('Canned reply');
  if (reply.ownerId === null && me.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only an admin changes the team’s replies; save your own copy under another shortcut');
  return reply;
}

const shortcutTaken = (shortcut: string) => new HttpError(409, 'shortcut_taken', `The shortcut "/${shortcut}" is already used`, 'shortcut');

/**
 * Canned replies (issue 14): saved texts agents insert with `/shortcut`, separate from the bot's system templates.
 * Every body is rendered with sample values at save, so a reply that saves also fills in; the per-conversation list
 * fills each in for that contact, in their language, for the composer to insert as editable text.
 */
export function cannedRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const saving = async <T>(shortcut: string | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> => {
    try { return await inTransaction(deps.ds, work); } catch (err) {
      if (shortcut && isUniqueViolation(err)) throw shortcutTaken(shortcut);
      throw err;
    }
  };

  router.get('/canned-replies', signedIn, async (req, res) => {
    const { q } = parseQuery(cannedQuery, req);
    res.json({ items: (await visibleTo(deps.ds.manager, req.agent!, q)).map((c) => toView(c, req.agent!)) });
  });

  router.post('/canned-replies', signedIn, async (req, res) => {
    const body = parseBody(createCannedBody, req);
    const me = req.agent!;
    if (body.scope === 'team' && me.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only an admin adds replies for the whole team; add it as your own');
    refuseUnrenderable(body.bodies);
    const saved = await saving(body.shortcut, async (em) => {
      if (await em.existsBy(CannedReply, { shortcut: body.shortcut })) throw shortcutTaken(body.shortcut);
      return em.save(em.create(CannedReply, { shortcut: body.shortcut, bodies: body.bodies, ownerId: body.scope === 'team' ? null : me.id }));
    });
    res.status(201).json(toView(saved, me));
  });

  router.patch('/canned-replies/:id', signedIn, async (req, res) => {
    const id = idParam(req);
    const body = parseBody(patchCannedBody, req);
    if (body.bodies) refuseUnrenderable(body.bodies);
    const saved = await saving(body.shortcut, async (em) => {
      const reply = await editable(em, id, req.agent!);
      if (body.shortcut && body.shortcut !== reply.shortcut && await em.existsBy(CannedReply, { shortcut: body.shortcut })) throw shortcutTaken(body.shortcut);
      if (body.shortcut) reply.shortcut = body.shortcut;
      if (body.bodies) reply.bodies = body.bodies;
      return em.save(reply);
    });
    res.json(toView(saved, req.agent!));
  });

  router.delete('/canned-replies/:id', signedIn, async (req, res) => {
    const id = idParam(req);
    await inTransaction(deps.ds, async (em) => em.delete(CannedReply, { id: (await editable(em, id, req.agent!)).id }));
    res.json({ deleted: true });
  });

  router.get('/conversations/:id/canned-replies', signedIn, async (req, res) => {
    res.json({ items: await cannedPreviews(deps, idParam(req), req.agent!) });
  });

  return router;
}

/** Each reply this agent sees, filled in for the conversation's contact; one that needs a visit they lack says so. */
async function cannedPreviews(deps: AppDeps, conversationId: number, me: Agent): Promise<CannedPreview[]> {
  const em = deps.ds.manager;
  const conv = await conversationsIn(em).getById(conversationId);
  const contact = await contactsIn(em).getById(conv.contactId);
  const settings = (await deps.rulesets.get()).source.settings;
  const appointment = await appointmentsIn(em).nextFor(contact.id, deps.clock.now());
  const vars = buildTemplateVars({ settings, contact, appointment });
  return (await visibleTo(em, me)).map((c) => {
    const base = { id: c.id, shortcut: c.shortcut, scope: c.ownerId === null ? 'team' as const : 'mine' as const };
    try {
      return { ...base, preview: renderCanned(c.bodies, contact.locale, vars) };
    } catch {
      return { ...base, preview: null, error: appointment ? 'cannot be filled in for this contact' : 'needs an upcoming appointment, and this contact has none' };
    }
  });
}
