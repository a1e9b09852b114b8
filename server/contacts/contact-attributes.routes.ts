import { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { requireRole } from '../auth/require-role';
import { Contact, ContactAttribute } from '../db/entities';
import { inTransaction, isUniqueViolation } from '../db/transaction';
import type { AppDeps } from '../deps';
import { badRequest, HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { attributeFields } from './attribute-values';
import { createAttributeBody, patchAttributeBody } from './contact-schemas';
import type { AttributeDeleted, ContactAttributeView } from './contacts-contract';
import { containing } from './like-text';

const toView = (a: ContactAttribute): ContactAttributeView =>
  ({ id: a.id, key: a.key, labels: a.labels, type: a.type, choices: a.choices, position: a.position });

async function find(em: EntityManager, id: number): Promise<ContactAttribute> {
  const field = await em.findOneBy(ContactAttribute, { id });
  if (!field) throw notFound('Contact field');
  return field;
}

/** Contacts holding a value for `key`: a JSON text search narrows the rows, the parsed value decides. */
async function contactsWith(em: EntityManager, key: string): Promise<Contact[]> {
  const rows = await em.createQueryBuilder(Contact, 'ct').select(['ct.id', 'ct.attributes'])
    .where("ct.attributes LIKE :key ESCAPE '!'", { key: containing(`${JSON.stringify(key)}:`) }).getMany();
  return rows.filter((c) => c.attributes && key in c.attributes);
}

/**
 * Admin-defined contact fields (会员等级, 生日 …): everyone signed in reads them (the contact panel shows them); admins
 * define them. Deleting a field deletes every contact's value of it in the same transaction, as HubSpot and Chatwoot
 * do (the UI asks first); refusing while values exist would make a field nobody wants undeletable on a big list.
 */
export function contactAttributeRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const admin = requireRole(deps.sessions, 'admin');

  router.get('/contact-attributes', signedIn, async (_req, res) => {
    res.json({ items: (await attributeFields(deps.ds.manager)).map(toView) });
  });

  router.post('/contact-attributes', admin, async (req, res) => {
    const body = parseBody(createAttributeBody, req);
    try {
      const created = await inTransaction(deps.ds, (em) => em.save(em.create(ContactAttribute, {
        key: body.key, labels: body.labels as Record<string, string>, type: body.type, choices: body.type === 'choice' ? body.choices! : null, position: body.position,
      })));
      res.status(201).json(toView(created));
    } catch (err) {
      if (isUniqueViolation(err)) throw new HttpError(409, 'attribute_exists', `There is already a contact field "${body.key}"`, 'key');
      throw err;
    }
  });

  router.patch('/contact-attributes/:id', admin, async (req, res) => {
    const id = idParam(req);
    const body = parseBody(patchAttributeBody, req);
    const saved = await inTransaction(deps.ds, async (em) => {
      const field = await find(em, id);
      if (body.choices !== undefined) await checkChoices(em, field, body.choices);
      Object.assign(field, {
        ...(body.labels ? { labels: body.labels } : {}), ...(body.choices !== undefined ? { choices: body.choices } : {}),
        ...(body.position !== undefined ? { position: body.position } : {}),
      });
      return em.save(field);
    });
    res.json(toView(saved));
  });

  router.delete('/contact-attributes/:id', admin, async (req, res) => {
    const id = idParam(req);
    const cleared = await inTransaction(deps.ds, async (em) => {
      const field = await find(em, id);
      const holders = await contactsWith(em, field.key);
      for (const contact of holders) {
        const { [field.key]: _gone, ...rest } = contact.attributes!;
        await em.update(Contact, { id: contact.id }, { attributes: Object.keys(rest).length ? rest : null });
      }
      await em.delete(ContactAttribute, { id: field.id });
      return holders.length;
    });
    res.json({ deleted: true, clearedContacts: cleared } satisfies AttributeDeleted);
  });

  return router;
}

/** A choice field keeps choices; one still chosen by a contact cannot be taken away (409 naming it and how many). */
async function checkChoices(em: EntityManager, field: ContactAttribute, choices: string[] | null): Promise<void> {
  if (field.type !== 'choice') {
    if (choices?.length) throw badRequest('invalid_field', `choices: a ${field.type} field has no choices`, 'choices');
    return;
  }
  if (!choices?.length) throw badRequest('invalid_field', 'choices: a choice field needs its choices', 'choices');
  const holders = await contactsWith(em, field.key);
  const removed = new Set((field.choices ?? []).filter((c) => !choices.includes(c)));
  const stillChosen = holders.filter((c) => removed.has(String(c.attributes![field.key])));
  if (stillChosen.length) {
    const value = String(stillChosen[0].attributes![field.key]);
    throw new HttpError(409, 'choice_in_use', `${stillChosen.length} contact(s) still have "${value}"; change them first`, 'choices');
  }
}
