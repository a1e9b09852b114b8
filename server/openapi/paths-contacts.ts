import { z } from 'zod';
import { exportQuery, importQuery } from '../contacts/contact-transfer.routes';
import {
  createAttributeBody, createContactBody, listQuery, mergeBody, patchAttributeBody, patchContactBody, tagBody,
} from '../contacts/contact-schemas';
import { idPath, itemsOf } from './common-schemas';
import { contactAttribute, contactDetail, contactPage, eraseAnswer, importSummary, mergeAnswer } from './contact-answers';
import { contactSummary } from './inbox-answers';
import { created, group, json } from './operation';

export const contactPaths = group('Contacts', 'signed-in', [
  { method: 'get', path: '/api/contacts', summary: 'Contacts, newest activity first; search, filter by tag, consent or attribute', query: listQuery, ok: json(contactPage) },
  { method: 'post', path: '/api/contacts', summary: 'Add a contact (409 contact_exists with its id when the number is known)', body: createContactBody, ok: created(contactDetail) },
  { method: 'get', path: '/api/contacts/{id}', summary: 'One contact with its consent history', params: idPath, ok: json(contactDetail) },
  { method: 'patch', path: '/api/contacts/{id}', summary: "Change a contact's name, language, tags, attributes or consent", params: idPath, body: patchContactBody, ok: json(contactDetail) },
  { method: 'post', path: '/api/contacts/{id}/merge', summary: 'Merge another contact into this one', access: 'admin', params: idPath, body: mergeBody, ok: json(mergeAnswer) },
  { method: 'delete', path: '/api/contacts/{id}', summary: 'Erase a contact (consent records are kept, anonymised)', access: 'admin', params: idPath, ok: json(eraseAnswer) },
  { method: 'post', path: '/api/contacts/{id}/tags', summary: 'Tag a contact', params: idPath, body: tagBody, ok: json(contactSummary) },
  {
    method: 'delete', path: '/api/contacts/{id}/tags/{tag}', summary: "Remove a contact's tag",
    params: idPath.extend({ tag: z.string() }), ok: json(contactSummary),
  },
  {
    method: 'post', path: '/api/contacts/import', summary: 'Import contacts from a CSV file (columns mapped by the `mapping` query)', access: 'admin',
    query: importQuery, bodyType: 'text/csv', body: z.string().describe('The CSV file, UTF-8 or GB18030'), ok: json(importSummary),
  },
  { method: 'get', path: '/api/contacts/export', summary: 'The contacts a filter selects, as CSV', access: 'admin', query: exportQuery, ok: { description: 'CSV', contentType: 'text/csv' } },
  { method: 'get', path: '/api/contact-attributes', summary: 'Custom contact fields', ok: json(itemsOf(contactAttribute)) },
  { method: 'post', path: '/api/contact-attributes', summary: 'Add a custom contact field', access: 'admin', body: createAttributeBody, ok: created(contactAttribute) },
  { method: 'patch', path: '/api/contact-attributes/{id}', summary: "Change a field's labels, choices or position", access: 'admin', params: idPath, body: patchAttributeBody, ok: json(contactAttribute) },
  {
    method: 'delete', path: '/api/contact-attributes/{id}', summary: "Delete a field and every contact's value of it", access: 'admin', params: idPath,
    ok: json(z.object({ deleted: z.literal(true), clearedContacts: z.number() })),
  },
]);
