import { In, type EntityManager } from 'typeorm';
import { Appointment, ConsentEvent, Contact, Conversation } from '../db/entities';
import type { ContactDetail, ContactListItem } from './contacts-contract';

/** Marketing may go: a yes on record, no refusal since, and not opted out of everything. */
export const hasMarketingConsent = (c: Contact) => c.marketingConsentAt !== null && !c.marketingOptedOut && !c.optedOut;

export function toContactListItem(c: Contact, conversation: Pick<Conversation, 'id' | 'lastMessageAt'> | null): ContactListItem {
  return {
    id: c.id, phone: c.phone, name: c.name, locale: c.locale, timezone: c.timezone, tags: c.tags, attributes: c.attributes ?? {},
    optedOut: c.optedOut, marketingOptedOut: c.marketingOptedOut, marketingConsent: hasMarketingConsent(c),
    marketingConsentAt: c.marketingConsentAt?.toISOString() ?? null, lastActivityAt: conversation?.lastMessageAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(), conversationId: conversation?.id ?? null,
  };
}

/** List rows for `contacts`, each with its conversation's id and last activity (one query for the page). */
export async function toContactListItems(em: EntityManager, contacts: Contact[]): Promise<ContactListItem[]> {
  if (!contacts.length) return [];
  const conversations = await em.find(Conversation, { select: { id: true, contactId: true, lastMessageAt: true }, where: { contactId: In(contacts.map((c) => c.id)) } });
  const byContact = new Map(conversations.map((c) => [c.contactId, c]));
  return contacts.map((c) => toContactListItem(c, byContact.get(c.id) ?? null));
}

/** GET /api/contacts/:id: the inbox panel's fields as before, plus attributes, consent with scope, appointments. */
export async function toContactDetail(em: EntityManager, contact: Contact): Promise<ContactDetail> {
  const [item] = await toContactListItems(em, [contact]);
  const [consent, appointmentsCount] = await Promise.all([
    em.find(ConsentEvent, { where: { contactId: contact.id }, order: { id: 'DESC' }, take: 50 }),
    em.count(Appointment, { where: { contactId: contact.id } }),
  ]);
  return {
    ...item, optedOutAt: contact.optedOutAt?.toISOString() ?? null, appointmentsCount,
    consent: consent.map((e) => ({ id: e.id, kind: e.kind, scope: e.scope, source: e.source, detail: e.detail, createdAt: e.createdAt.toISOString() })),
  };
}
