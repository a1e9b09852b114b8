import type { EntityManager } from 'typeorm';
import type { Campaign } from '../db/entities';

type Counted = { n: number | string };

/**
 * Whether a campaign's recipients opted out too much today (the seeds: "单日退订超0.5%：自动暂停当日发送计划"): opt-outs
 * since local midnight by people the campaign texted, after its text reached them, over everyone it has texted.
 */
export async function optOutRateExceeded(em: EntityManager, campaign: Campaign, since: Date, rate: number): Promise<boolean> {
  const [texted] = await em.query(`SELECT COUNT(*) AS n FROM messages WHERE campaign_id = ? AND status IN ('sent', 'delivered', 'undelivered')`, [campaign.id]) as Counted[];
  const total = Number(texted?.n ?? 0);
  if (!total) return false;
  const [opted] = await em.createQueryBuilder().select('COUNT(*)', 'n').from('messages', 'm')
    .where("m.campaign_id = :id AND m.status IN ('sent', 'delivered', 'undelivered')", { id: campaign.id })
    .andWhere(`EXISTS (SELECT 1 FROM consent_events ce WHERE ce.contact_id = m.contact_id AND ce.kind = 'opt_out'
      AND ce.created_at >= m.sent_at AND ce.created_at >= :since)`, { since }).getRawMany<Counted>();
  return Number(opted?.n ?? 0) / total > rate;
}
