import { Router, type Request, type Response } from 'express';
import type { EntityManager } from 'typeorm';
import { readRulesetVersion } from '../admin/ruleset-source';
import { requireRole } from '../auth/require-role';
import { toContactView, toConversationView } from '../conversations/views';
import { AuditLogRow, Contact, type Agent } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import type { AppDeps } from '../deps';
import { publishAfterCommit } from '../events/after-commit';
import { badRequest, HttpError, notFound } from '../http/errors';
import { idParam, parseBody, parseQuery } from '../http/validate';
import { maskPhones } from '../shared/logger';
import { toE164 } from '../shared/phone';
import { applyAttributeChanges } from './attribute-values';
import { recordConsentChange } from './consent';
import { contactAttributeRoutes } from './contact-attributes.routes';
import { lockContact } from './contact-lock';
import { createContactBody, listQuery, mergeBody, patchContactBody, tagBody, type CreateContactBody } from './contact-schemas';
import { listContacts } from './contact-search';
import { toContactDetail, toContactListItems } from './contact-view';
import type { EraseAnswer, MergeAnswer } from './contacts-contract';
import { eraseContact } from './erase-contact';
import { campaignCountsOf } from '../reports/campaign-rollups';
import { lastMessageOf, mergeContacts } from './merge-contacts';
import { createContact } from './new-contact';
import { recordTagsAdded } from './tag-events';

/** The number is someone's already (in whatever spelling it was given): the body names who, so the UI can go there. */
class ContactExistsError extends Error {
  constructor(readonly existingId: number) { super(`This number belongs to contact #${existingId}`); }
}

/**
 * Contacts: list and search, create, edit, merge, erase, and their custom fields. Agents read, create and edit;
 * admins also define fields, merge and erase. The inbox's contact panel uses the lookup (`?phone=`), the detail and
 * the tag routes, whose answers keep their shape.
 */
export function contactsRoutes(deps: AppDeps): Router {
  const { ds, clock, config, log } = deps;
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const admin = requireRole(deps.sessions, 'admin');
  router.use(contactAttributeRoutes(deps));

  router.get('/contacts', signedIn, async (req, res) => {
    const query = parseQuery(listQuery, req);
    if (query.phone === undefined) {
      res.json(await listContacts(ds.manager, query, config.DEFAULT_REGION));
      return;
    }
    // The inbox's exact lookup by number, as it always answered.
    const phone = toE164(query.phone, config.DEFAULT_REGION);
    if (!phone) throw badRequest('invalid_field', 'phone is not a phone number', 'phone');
    const contact = await contactsIn(ds.manager).findByPhone(phone);
    const items = await toContactListItems(ds.manager, contact ? [contact] : []);
    res.json({ items, total: items.length, nextCursor: null });
  });

  router.post('/contacts', signedIn, async (req, res) => {
    const body = parseBody(createContactBody, req);
    const phone = toE164(body.phone, config.DEFAULT_REGION);
    if (!phone) throw badRequest('invalid_field', 'phone: not a phone number', 'phone');
    try {
      const contact = await inTransaction(ds, (em) => createFromBody(em, body, phone, req.agent!));
      res.status(201).json(await toContactDetail(ds.manager, contact));
    } catch (err) {
      const existing = err instanceof ContactExistsError ? err.existingId
        : isUniqueViolation(err) ? (await contactsIn(ds.manager).findByPhone(phone))?.id : undefined;
      if (existing === undefined) throw err;
      res.status(409).json({ error: { code: 'contact_exists', message: new ContactExistsError(existing).message, field: 'phone', existingId: existing } });
    }
  });

  async function createFromBody(em: EntityManager, body: CreateContactBody, phone: string, agent: Agent): Promise<Contact> {
    const existing = await contactsIn(em).findByPhone(phone);
    if (existing) throw new ContactExistsError(existing.id);
    const attributes = await applyAttributeChanges(em, null, body.attributes ?? {});
    const now = clock.now();
    const contact = await createContact(em, {
      phone, name: body.name ?? null, locale: body.locale, timezone: body.timezone ?? config.DEFAULT_TIMEZONE, tags: body.tags, attributes,
    }, now);
    if (body.marketingConsent) await recordAgentConsent(em, contact, true, agent, now);
    await recordTagsAdded(em, contact.id, [], contact.tags, now);
    return contact;
  }

  router.get('/contacts/:id', signedIn, async (req, res) => {
    const contact = await ds.manager.findOneBy(Contact, { id: idParam(req) });
    if (!contact) throw notFound('Contact');
    res.json(await toContactDetail(ds.manager, contact));
  });

  router.patch('/contacts/:id', signedIn, async (req, res) => {
    const id = idParam(req);
    const body = parseBody(patchContactBody, req);
    const contact = await inTransaction(ds, async (em) => {
      const contact = await lockContact(em, id);
      const changes: Partial<Contact> = {
        ...(body.name !== undefined ? { name: body.name } : {}), ...(body.locale ? { locale: body.locale } : {}),
        ...(body.timezone ? { timezone: body.timezone } : {}), ...(body.tags ? { tags: body.tags } : {}),
      };
      if (body.attributes) {
        const attributes = await applyAttributeChanges(em, contact.attributes, body.attributes);
        changes.attributes = Object.keys(attributes).length ? attributes : null;
      }
      // A new language regroups the person's campaign texts in the campaigns report (campaign-rollups.ts).
      const campaignCounts = changes.locale && changes.locale !== contact.locale ? await campaignCountsOf(em, [id]) : null;
      if (Object.keys(changes).length) await em.update(Contact, { id }, changes);
      await campaignCounts?.recount();
      if (body.tags) await recordTagsAdded(em, id, contact.tags, body.tags, clock.now());
      Object.assign(contact, changes);
      if (body.marketingConsent !== undefined) await recordAgentConsent(em, contact, body.marketingConsent, req.agent!, clock.now());
      return contact;
    });
    res.json(await toContactDetail(ds.manager, contact));
  });

  router.post('/contacts/:id/merge', admin, async (req, res) => {
    const keptId = idParam(req);
    const { otherId } = parseBody(mergeBody, req);
    if (otherId === keptId) throw badRequest('invalid_field', 'otherId: a contact cannot be merged into itself', 'otherId');
    const merged = await publishAfterCommit(ds, async (em, events) => {
      const result = await mergeContacts(em, keptId, otherId, clock.now());
      await audit(em, req.agent!, keptId, 'merge', `merged contact #${otherId} into #${keptId}: ${result.counts.messages} messages, ${result.counts.appointments} appointments, ${result.counts.consentEvents} consent events moved`);
      if (result.conversation) {
        const view = toConversationView(result.conversation, result.kept, await lastMessageOf(em, result.conversation.id));
        events.push(() => deps.bus.emit('conversation:updated', view));
      }
      return result;
    });
    log.info({ keptId, otherId, agentId: req.agent!.id }, 'contacts merged');
    res.json({ contact: await toContactDetail(ds.manager, merged.kept), merged: merged.counts } satisfies MergeAnswer);
  });

  router.delete('/contacts/:id', admin, async (req, res) => {
    const id = idParam(req);
    const erased = await inTransaction(ds, async (em) => {
      const result = await eraseContact(em, id);
      await audit(em, req.agent!, id, 'erase', `erased contact #${id} on request; ${result.keptConsentEvents} consent events kept as hashed proof`);
      return result;
    });
    // Masked: the log must not become the copy of the number that erasure removed everywhere else.
    log.info({ contactId: id, phone: maskPhones(erased.phone), agentId: req.agent!.id, keptConsentEvents: erased.keptConsentEvents }, 'contact erased');
    res.json({ erased: true, keptConsentEvents: erased.keptConsentEvents } satisfies EraseAnswer);
  });

  const changeTags = (change: (tags: Set<string>, tag: string) => void) => async (req: Request, res: Response) => {
    const contact = await ds.manager.findOneBy(Contact, { id: idParam(req) });
    if (!contact) throw notFound('Contact');
    const tag = req.method === 'DELETE' ? String(req.params.tag) : parseBody(tagBody, req).tag;
    const tags = new Set(contact.tags);
    change(tags, tag);
    await inTransaction(ds, async (em) => {
      await em.update(Contact, { id: contact.id }, { tags: [...tags] });
      await recordTagsAdded(em, contact.id, contact.tags, [...tags], clock.now());
    });
    res.json(toContactView({ ...contact, tags: [...tags] }));
  };
  router.post('/contacts/:id/tags', signedIn, changeTags((tags, tag) => tags.add(tag)));
  router.delete('/contacts/:id/tags/:tag', signedIn, changeTags((tags, tag) => tags.delete(tag)));

  return router;
}

/** An agent's yes or no to marketing, with its proof (consent.ts is the one owner of consent changes). */
function recordAgentConsent(em: EntityManager, contact: Contact, yes: boolean, agent: Agent, at: Date): Promise<boolean> {
  return recordConsentChange(em, contact, {
    kind: yes ? 'opt_in' : 'opt_out', scope: 'marketing', source: 'agent', detail: `agent #${agent.id} ${agent.email}`, at,
  });
}

/** Who merged or erased whom, in the audit log admins read; ids only, never the person's number or name. */
async function audit(em: EntityManager, agent: Agent, contactId: number, operation: 'merge' | 'erase', summary: string): Promise<void> {
  await em.insert(AuditLogRow, {
    authorId: agent.id, authorEmail: agent.email, entity: 'contact', entityKey: `#${contactId}`, operation, version: await readRulesetVersion(em), summary,
  });
}
