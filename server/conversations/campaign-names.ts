import { In, type EntityManager } from 'typeorm';
import { Campaign } from '../db/entities';
import type { Message } from '../db/entities';

export interface CampaignRef { id: number; name: string }

/**
 * The campaigns that messages answered (their decision's `campaignId`), by id, in one query: the inbox shows
 * "Replied to campaign …" beside such a text, and agents cannot read the admins-only campaigns API for the name.
 */
export async function campaignNamesOf(em: EntityManager, messages: Message[]): Promise<Map<number, CampaignRef>> {
  const ids = [...new Set(messages.filter((m) => m.direction === 'in').map((m) => m.decision?.campaignId).filter((id): id is number => typeof id === 'number'))];
  if (!ids.length) return new Map();
  const rows = await em.find(Campaign, { select: { id: true, name: true }, where: { id: In(ids) } });
  return new Map(rows.map((c) => [c.id, { id: c.id, name: c.name }]));
}

/** The campaign a customer's text answered, when its decision names one that still exists (bot replies carry the decision too). */
export const campaignOf = (m: Message, names: Map<number, CampaignRef>): CampaignRef | undefined =>
  (m.direction !== 'in' || m.decision?.campaignId === undefined ? undefined : names.get(m.decision.campaignId));
