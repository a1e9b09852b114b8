import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { toContactView } from '../conversations/views';
import { ConsentEvent, Contact } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { boundedText } from '../http/query-schemas';
import { idParam, parseBody, parseQuery } from '../http/validate';
import { toE164 } from '../shared/phone';

const tagSchema = z.object({ tag: z.string().trim().min(1).max(40).regex(/^[^,\s]+$/, 'a tag has no spaces or commas') });
const lookupQuery = z.object({ phone: boundedText(32).min(1, 'is required') });

/** Contacts (lookup, tags, consent history), for the inbox's contact panel. */
export function contactRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);

  router.get('/contacts', signedIn, async (req, res) => {
    const phone = toE164(parseQuery(lookupQuery, req).phone, deps.config.DEFAULT_REGION);
    if (!phone) throw new HttpError(400, 'invalid_field', 'phone is not a phone number', 'phone');
    const contact = await contactsIn(deps.ds.manager).findByPhone(phone);
    res.json({ items: contact ? [toContactView(contact)] : [] });
  });

  router.get('/contacts/:id', signedIn, async (req, res) => {
    const contact = await deps.ds.manager.findOneBy(Contact, { id: idParam(req) });
    if (!contact) throw notFound('Contact');
    const consent = await deps.ds.manager.find(ConsentEvent, { where: { contactId: contact.id }, order: { id: 'DESC' }, take: 50 });
    res.json({
      ...toContactView(contact), optedOutAt: contact.optedOutAt?.toISOString() ?? null, timezone: contact.timezone,
      consent: consent.map((e) => ({ id: e.id, kind: e.kind, source: e.source, detail: e.detail, createdAt: e.createdAt.toISOString() })),
    });
  });

  const changeTags = (change: (tags: Set<string>, tag: string) => void) => async (req: import('express').Request, res: import('express').Response) => {
    const contact = await deps.ds.manager.findOneBy(Contact, { id: idParam(req) });
    if (!contact) throw notFound('Contact');
    const tag = req.method === 'DELETE' ? String(req.params.tag) : parseBody(tagSchema, req).tag;
    const tags = new Set(contact.tags);
    change(tags, tag);
    await deps.ds.manager.update(Contact, { id: contact.id }, { tags: [...tags] });
    res.json(toContactView({ ...contact, tags: [...tags] }));
  };
  router.post('/contacts/:id/tags', signedIn, changeTags((tags, tag) => tags.add(tag)));
  router.delete('/contacts/:id/tags/:tag', signedIn, changeTags((tags, tag) => tags.delete(tag)));

  return router;
}
