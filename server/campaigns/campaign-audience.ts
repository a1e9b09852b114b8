import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Contact } from '../db/entities';
import type { Campaign, Segment } from '../db/entities';
import type { CampaignPolicy } from './campaign-policy';
import { audienceFacts } from './audience-facts';
import type { RecipientFacts } from './recipient-checks';
import { segmentQuery } from './segment-query';

/** One contact of a batch: who they are (for the text) and the facts the checks read. */
export interface AudienceRow extends RecipientFacts {
  contactId: number;
  phone: string;
  name: string | null;
  locale: string;
  attributes: Record<string, string | number> | null;
  conversationId: number | null;
}

interface RawRow {
  id: number; phone: string; name: string | null; locale: string; timezone: string; attributes: string | null;
  optedOut: number | boolean; marketingOptedOut: number | boolean; marketingConsent: number | string; conversationId: number | null;
  withPerson: number | string;
}

const parseJson = <T>(text: string | null, fallback: T): T => { try { return text ? JSON.parse(text) as T : fallback; } catch { return fallback; } };

/**
 * The next batch of a campaign's audience after contact id `after`, in id order, without those that already have a
 * recipient row (so a node that died mid-way is resumed by another with nothing repeated): one keyset query for the
 * contacts and whether a person is talking to them, then their tiers, marketing texts of the last 30 days and visits
 * about to start for the whole page at once (audience-facts.ts). Nothing is read per contact.
 */
export async function nextAudienceBatch(em: EntityManager, campaign: Campaign, segment: Segment, policy: CampaignPolicy,
  now: Date, after: number, size: number, narrow?: (qb: SelectQueryBuilder<Contact>) => void): Promise<AudienceRow[]> {
  const qb = segmentQuery(em, segment.definition, now, policy)
    .select('ct.id', 'id').addSelect('ct.phone', 'phone').addSelect('ct.name', 'name').addSelect('ct.locale', 'locale')
    .addSelect('ct.timezone', 'timezone').addSelect('ct.attributes', 'attributes')
    .addSelect('ct.opted_out', 'optedOut').addSelect('ct.marketing_opted_out', 'marketingOptedOut')
    .addSelect('CASE WHEN ct.marketing_consent_at IS NOT NULL THEN 1 ELSE 0 END', 'marketingConsent').addSelect('cv.id', 'conversationId')
    .addSelect("CASE WHEN cv.status = 'open' AND cv.handled_by = 'human' THEN 1 ELSE 0 END", 'withPerson')
    .andWhere('ct.id > :after', { after })
    // An anti-join on the unique (campaign, contact) index: MariaDB ran the NOT EXISTS form by materialising the
    // campaign's recipient rows for every page, which grew with each batch written.
    .leftJoin('campaign_recipients', 'qr', 'qr.campaign_id = :campaignId AND qr.contact_id = ct.id', { campaignId: campaign.id })
    .andWhere('qr.contact_id IS NULL')
    .orderBy('ct.id', 'ASC').limit(size);
  // A triggered campaign's due contacts only (trigger-campaigns.ts).
  narrow?.(qb);
  const rows: AudienceRow[] = (await qb.getRawMany<RawRow>()).map((r) => ({
    contactId: Number(r.id), phone: r.phone, name: r.name, locale: r.locale, timezone: r.timezone,
    attributes: parseJson<Record<string, string | number> | null>(r.attributes, null), conversationId: r.conversationId === null ? null : Number(r.conversationId),
    optedOut: Boolean(Number(r.optedOut)), marketingOptedOut: Boolean(Number(r.marketingOptedOut)), marketingConsent: Number(r.marketingConsent) === 1,
    withPerson: Number(r.withPerson) === 1, visitSoon: false, recentMarketing: 0, tier: 'ordinary',
  }));
  if (!rows.length) return rows;
  const facts = await audienceFacts(em, rows, now, policy);
  for (const row of rows) Object.assign(row, facts.get(row.contactId));
  return rows;
}
