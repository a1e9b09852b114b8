import { IsNull, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { ShortLink } from '../db/entities';
import { aroundCampaignResponse } from '../reports/campaign-rollups';

/**
 * A person's click: counted, and the first one stamped. Each UPDATE is atomic and the stamp is a compare-and-set
 * (`WHERE first_clicked_at IS NULL`), so two taps at once on two nodes count two clicks and one person. Preview
 * fetchers never get here (link-preview.ts). Call inside a transaction.
 */
export async function recordClick(em: EntityManager, linkId: number, now: Date): Promise<void> {
  await em.createQueryBuilder().update(ShortLink).set({ clickCount: () => 'click_count + 1' }).where('id = :id', { id: linkId }).execute();
  const stamp = () => em.update(ShortLink, { id: linkId, firstClickedAt: IsNull() }, { firstClickedAt: now });
  // A person's first click on their campaign link counts for that campaign's text to them (campaign-rollups.ts).
  const link = await em.findOne(ShortLink, { select: { id: true, campaignId: true, contactId: true }, where: { id: linkId, firstClickedAt: IsNull() } });
  if (!link) return;   // stamped by an earlier click: a later one changes nothing more
  if (link.campaignId && link.contactId) await aroundCampaignResponse(em, { contactId: link.contactId, at: now, campaignId: link.campaignId }, stamp);
  else await stamp();
}

/** How many people clicked a campaign's links: each person once, however often they clicked (for campaign stats). */
export async function clickedCount(em: EntityManager, campaignId: number): Promise<number> {
  const row = await em.createQueryBuilder(ShortLink, 'l')
    .select('COUNT(DISTINCT l.contact_id)', 'n')
    .where('l.campaign_id = :campaignId AND l.first_clicked_at IS NOT NULL AND l.contact_id IS NOT NULL', { campaignId })
    .getRawOne<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

/** The contacts who clicked a campaign's links (a segment's "clicked in campaign N"). */
export async function clickedContactIds(em: EntityManager, campaignId: number): Promise<number[]> {
  const rows = await em.createQueryBuilder(ShortLink, 'l')
    .select('DISTINCT l.contact_id', 'contactId')
    .where('l.campaign_id = :campaignId AND l.first_clicked_at IS NOT NULL AND l.contact_id IS NOT NULL', { campaignId })
    .getRawMany<{ contactId: number | string }>();
  return rows.map((r) => Number(r.contactId));
}

/**
 * Narrows a query over contacts to those who clicked in campaign N, as an EXISTS on the (campaign_id,
 * first_clicked_at) index, so a segment of 100,000 contacts never loads the ids. `contactAlias` is the query's alias
 * for the contacts table; the parameter name is unique per call so several filters can be combined.
 * @example whereClicked(em.createQueryBuilder(Contact, 'c'), 'c', 7).getMany()
 */
export function whereClicked<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, contactAlias: string, campaignId: number, clicked = true): SelectQueryBuilder<T> {
  const param = `clickedCampaign${campaignId}_${clicked ? 1 : 0}`;
  const exists = `EXISTS (SELECT 1 FROM short_links sl WHERE sl.contact_id = ${contactAlias}.id AND sl.campaign_id = :${param} AND sl.first_clicked_at IS NOT NULL)`;
  return qb.andWhere(clicked ? exists : `NOT ${exists}`, { [param]: campaignId });
}
