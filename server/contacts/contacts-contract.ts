/**
 * What the contacts routes answer (server/contacts/*.routes.ts), shared with the contacts page and the import helper;
 * this file imports nothing but types, so the browser build includes it.
 */
import type { ConsentScope } from '../../rules/types';

export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'choice'] as const;
export type AttributeTypeName = (typeof ATTRIBUTE_TYPES)[number];
/** A field's key: the column name in imports and exports and the key in `attributes`. */
export const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_CHOICES = 50;
export const ATTRIBUTE_LABEL_LOCALES = ['zh-CN', 'en'] as const;

/** subscribed: not opted out of every text; marketing: a yes to marketing on record, no refusal since, not opted out. */
export const CONSENT_FILTERS = ['subscribed', 'opted_out', 'marketing', 'no_marketing'] as const;
export type ConsentFilter = (typeof CONSENT_FILTERS)[number];
/** Page size of GET /api/contacts: default and most. */
export const CONTACT_PAGE = { default: 50, max: 100 } as const;

export type AttributeValues = Record<string, string | number>;

/** One row of GET /api/contacts (and what POST/PATCH answer). */
export interface ContactListItem {
  id: number; phone: string; name: string | null; locale: string; timezone: string; tags: string[];
  attributes: AttributeValues;
  optedOut: boolean; marketingOptedOut: boolean;
  /** A yes to marketing on record and not refused since. */
  marketingConsent: boolean;
  marketingConsentAt: string | null;
  /** The last message of the contact's conversation, either way; null before the first. */
  lastActivityAt: string | null;
  createdAt: string;
  conversationId: number | null;
}

/** GET /api/contacts: newest activity first (contacts without any after, newest first). */
export interface ContactPage { items: ContactListItem[]; total: number; nextCursor: string | null }

export interface ConsentEventView {
  id: number; kind: 'opt_in' | 'opt_out'; scope: ConsentScope; source: string; detail: string | null; createdAt: string;
}

/** GET /api/contacts/:id: the row plus what the contact panel and the contacts page show beside it. */
export interface ContactDetail extends ContactListItem {
  optedOutAt: string | null;
  consent: ConsentEventView[];
  appointmentsCount: number;
}

/** GET /api/contact-attributes: an admin-defined field. */
export interface ContactAttributeView {
  id: number; key: string; labels: Record<string, string>; type: AttributeTypeName; choices: string[] | null; position: number;
}

/** DELETE /api/contact-attributes/:id: the field and every contact's value of it went together. */
export interface AttributeDeleted { deleted: true; clearedContacts: number }

/** POST /api/contacts/:id/merge. */
export interface MergeAnswer { contact: ContactDetail; merged: { contactId: number; messages: number; notes: number; appointments: number; consentEvents: number } }

/** DELETE /api/contacts/:id. */
export interface EraseAnswer { erased: true; keptConsentEvents: number }
