import { In, MoreThanOrEqual, type EntityManager } from 'typeorm';
import { renderText } from '../../rules';
import type { Settings } from '../../rules/types';
import { ACTIVE_STATUSES, Appointment, type Contact } from '../db/entities';
import { signedBody } from '../conversations/sms-signature';
import { buildTemplateVars } from '../conversations/template-vars';
import type { CampaignCategory } from './campaign-contract';

/** Who a text is for: enough of a contact to fill a template. */
export interface TextFor { contactId: number; phone: string; name: string | null; locale: string; timezone: string; attributes: Record<string, string | number> | null }

/**
 * The refusal text goes last (Aliyun requires it at the end of every 推广 template) and counts in the length; a text
 * ending in punctuation or a space needs no separator.
 * @example withRefusal('春节优惠。', '拒收请回复R') // → '春节优惠。拒收请回复R'
 */
export function withRefusal(text: string, refusal: string): string {
  if (!refusal) return text;
  return `${text}${/[\s。！？!?.，,)）]$/.test(text) ? '' : ' '}${refusal}`;
}

/** Each contact's next booked or confirmed visit, for `{{appointment.when}}`: one query for a whole batch. */
export async function nextVisits(em: EntityManager, contactIds: number[], now: Date): Promise<Map<number, Appointment>> {
  if (!contactIds.length) return new Map();
  const rows = await em.find(Appointment, {
    where: { contactId: In(contactIds), status: In(ACTIVE_STATUSES), startsAt: MoreThanOrEqual(now) }, order: { startsAt: 'ASC' },
  });
  const next = new Map<number, Appointment>();
  for (const a of rows) if (!next.has(a.contactId)) next.set(a.contactId, a);
  return next;
}

/** What the rendered text keeps in place of `{{link}}` until each recipient's short link replaces it. */
export const LINK_MARK = '{{link}}';

/** Puts a recipient's short link where the template said `{{link}}` (the address counts in the text's length). */
export const withLink = (text: string, url: string): string => text.split(LINK_MARK).join(url);

/** The address short links are made under: `PUBLIC_URL`, else this server's own port (links/create-links.ts shortUrl). */
export interface LinkBase { PUBLIC_URL?: string; PORT: number }

/** A code of the real length for previews and test sends, so the length and cost shown are those of the real texts. */
export const SAMPLE_CODE = 'Ab3dE5gH';

/** What a campaign template (or its provider template's parameters) is filled from; `link` is LINK_MARK until queued. */
export function campaignVars(who: TextFor, visit: Appointment | undefined, settings: Settings): Record<string, unknown> {
  // The fields buildTemplateVars reads, not a copy of the whole row: this runs once per recipient of a 100,000 campaign.
  const contact = { id: who.contactId, phone: who.phone, name: who.name, locale: who.locale, timezone: who.timezone } as Contact;
  const vars = buildTemplateVars({ settings, contact, appointment: visit ?? null });
  (vars.contact as Record<string, unknown>).attributes = who.attributes ?? {};
  vars.link = LINK_MARK;
  return vars;
}

/**
 * A campaign text as the customer gets it: the template over the contact (name, phone, custom attributes as
 * `contact.attributes.<key>`), the business and the next visit; `{{link}}` stays as written for the short links that
 * replace it per recipient (issue 16 item 7); then the refusal text (marketing) and the 【签名】.
 * Throws when the template needs what this contact lacks (strict templates: no visit for `{{appointment.when}}`).
 */
export function campaignText(template: string, category: CampaignCategory, who: TextFor, visit: Appointment | undefined,
  settings: Settings, refusal: string, providerName: string): string {
  const text = renderText(template, campaignVars(who, visit, settings));
  return signedBody(category === 'marketing' ? withRefusal(text, refusal) : text, settings, providerName);
}
