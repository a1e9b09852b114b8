import type { EntityManager } from 'typeorm';
import { checkTemplateText } from '../../rules';
import { Channel, ContactAttribute, Segment } from '../db/entities';
import { HttpError } from '../http/errors';
import type { CampaignCategory, CampaignVariant, WinnerBy } from './campaign-contract';

/** What a campaign body may name: the contact, their custom attributes, the business, the next visit, and `{{link}}`. */
const CAMPAIGN_VARIABLES = ['business.name', 'business.phone', 'contact.name', 'contact.phone',
  'appointment.service', 'appointment.when', 'appointment.location', 'link'];

/** Every variable a campaign can fill, custom attributes included. */
export async function campaignVariables(em: EntityManager): Promise<string[]> {
  const attributes = await em.find(ContactAttribute, { select: { key: true } });
  return [...CAMPAIGN_VARIABLES, ...attributes.map((a) => `contact.attributes.${a.key}`)];
}

/** A body that does not parse or names an unknown variable is a 400 on `body`, at save time, never at send time. */
export async function checkCampaignBody(em: EntityManager, body: string, field = 'body'): Promise<void> {
  const allowed = await campaignVariables(em);
  const problem = checkTemplateText(body, field, allowed)[0];
  if (problem) throw new HttpError(400, 'invalid_field', `${field}: ${problem.message}`, field);
}

/** Every A/B body is checked as the body is, each naming its own field (`variants.1.body`). */
export async function checkVariantBodies(em: EntityManager, variants: CampaignVariant[] | null | undefined): Promise<void> {
  for (const [i, v] of (variants ?? []).entries()) await checkCampaignBody(em, v.body, `variants.${i}.body`);
}

/** A/B settings as stored: defaults filled when there are variants (20% test, by replies, after 24 h), none without. */
export function variantSettings(c: { variants: CampaignVariant[] | null; testShare?: number | null; winnerBy?: WinnerBy | null; winnerAfterHours?: number | null }) {
  if (!c.variants?.length) return { variants: null, testShare: null, winnerBy: null, winnerAfterHours: null };
  return { variants: c.variants, testShare: c.testShare ?? 20, winnerBy: c.winnerBy ?? 'replies' as const, winnerAfterHours: c.winnerAfterHours ?? 24 };
}

export async function checkSegmentExists(em: EntityManager, segmentId: number): Promise<void> {
  if (!await em.existsBy(Segment, { id: segmentId })) throw new HttpError(400, 'invalid_field', 'segmentId: no such segment', 'segmentId');
}

/** The channel must exist, be on, and carry the campaign's category (channels.carries); null is the environment's, which carries both. */
export async function checkChannel(em: EntityManager, channelId: number | null | undefined, category: CampaignCategory): Promise<void> {
  if (!channelId) return;
  const channel = await em.findOneBy(Channel, { id: channelId });
  if (!channel || !channel.active) throw new HttpError(400, 'invalid_field', 'channelId: no such active channel', 'channelId');
  if (!channel.carries.includes(category)) {
    throw new HttpError(409, 'channel_not_carrying', `Channel "${channel.name}" does not carry ${category} texts`, 'channelId');
  }
}

/** `{{link}}` and the campaign's link go together: a body naming it needs the address, and an address needs its place. */
export function checkCampaignLink(body: string, link: string | null, variants?: CampaignVariant[] | null): void {
  const uses = [body, ...(variants ?? []).map((v) => v.body)].some((text) => /\{\{\s*link\s*\}\}/.test(text));
  if (uses && !link) throw new HttpError(400, 'invalid_field', 'link: the body uses {{link}}: give the address it leads to', 'link');
  if (!uses && link) throw new HttpError(400, 'invalid_field', 'body: put {{link}} where the link goes', 'body');
}
