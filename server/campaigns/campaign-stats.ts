import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import type { Campaign } from '../db/entities';
import { EXCLUSION_REASONS, type CampaignStats, type ExclusionReason } from './campaign-contract';

type Counted = { n: number | string };
type Numbers = Omit<CampaignStats, 'variants'>;

/** Narrows a query over a campaign's rows with contact column `contact` to one A/B variant's recipients (none: all). */
const ofVariant = (contact: string, variant: string | null) => (variant === null ? '' : ` AND EXISTS (SELECT 1 FROM campaign_recipients vr
  WHERE vr.campaign_id = :id AND vr.contact_id = ${contact} AND vr.variant = :variant)`);

/**
 * What counts as each response to a campaign text, as SQL over its messages row `m` (alias given): written once here
 * and used by the campaign's own numbers and by the campaign report (server/reports/campaign-figures.ts), so the two
 * never disagree on what a reply is. `before` (SQL of an instant) bounds replies and opt-outs in time; none: ever after.
 */
export const campaignResponse = {
  /** A text in the recipient's thread after the campaign's message (menu or not). */
  replied: (m: string, before?: string) => `EXISTS (SELECT 1 FROM messages rp WHERE rp.conversation_id = ${m}.conversation_id
    AND rp.direction = 'in' AND rp.id > ${m}.id${before ? ` AND rp.created_at < ${before}` : ''})`,
  /** An opt-out (any scope) by the recipient after the campaign's message was sent. */
  optedOut: (m: string, before?: string) => `EXISTS (SELECT 1 FROM consent_events oo WHERE oo.contact_id = ${m}.contact_id
    AND oo.kind = 'opt_out' AND oo.created_at >= ${m}.sent_at${before ? ` AND oo.created_at < ${before}` : ''})`,
  /**
   * The engine's own word (decision.campaignId, copied to answers_campaign_id): a booking made answering this campaign.
   * The direction test is a CASE so that no index serves it: SQLite (no table statistics here) otherwise walked every
   * inbound text ever received for each campaign text, instead of the recipient's answers (idx_messages_answers_campaign):
   * 26 s for a month's campaign report at 100,000 messages.
   */
  booked: (m: string) => `EXISTS (SELECT 1 FROM messages bk WHERE bk.answers_campaign_id = ${m}.campaign_id AND bk.contact_id = ${m}.contact_id
    AND (CASE WHEN bk.direction = 'in' THEN 1 ELSE 0 END) = 1 AND bk.decision LIKE '%"kind":"booked_new"%')`,
  /** The recipient opened their own short link (link-preview fetchers never set first_clicked_at; links/link-clicks.ts). */
  clicked: (m: string) => `EXISTS (SELECT 1 FROM short_links lk WHERE lk.campaign_id = ${m}.campaign_id AND lk.contact_id = ${m}.contact_id
    AND lk.first_clicked_at IS NOT NULL)`,
};

/** Statuses of a campaign text the provider accepted: it left, whatever its receipt said later. */
export const LEFT_STATUSES = `('sent', 'delivered', 'undelivered')`;

/**
 * A campaign's numbers, read from its own rows (recipients and their outbox messages) with a handful of grouped
 * queries: the messages' statuses are the truth of what was sent, the recipient rows of who was left out and why.
 * `replied` is a text in the recipient's thread after the campaign's message (menu or not); `optedOut` an opt-out
 * after it; `booked` a recipient who booked answering the campaign (`answers_campaign_id`); `clicked` their short
 * link. An A/B campaign has the same numbers for each variant's test recipients in `variants`.
 */
export async function campaignStats(em: EntityManager, campaign: Campaign, now: Date): Promise<CampaignStats> {
  // Its counts are read concurrently; on MariaDB's pool each would take its own connection and moment, and a text
  // moving between them showed an admin "1 queued of 0 targeted". One transaction reads them all from one snapshot.
  if (isMysql(em.connection) && !em.queryRunner?.isTransactionActive) {
    return em.connection.transaction('REPEATABLE READ', (inSnapshot) => campaignStats(inSnapshot, campaign, now));
  }
  const total: CampaignStats = await numbers(em, campaign, now, null);
  if (campaign.variants?.length) {
    total.variants = Object.fromEntries(await Promise.all(campaign.variants.map(async (v) => [v.key, await numbers(em, campaign, now, v.key)] as const)));
  }
  return total;
}

async function numbers(em: EntityManager, campaign: Campaign, now: Date, variant: string | null): Promise<Numbers> {
  const params = { id: campaign.id, variant, now };
  // Named parameters through the query builder's escaping: each dialect binds instants as it stores them.
  const raw = <T>(sql: string) => {
    const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
    return em.query(query, values) as Promise<T[]>;
  };
  const [recipients, messages, deferredRows, repliedRows, optedRows, bookedRows, clickedRows] = await Promise.all([
    raw<Counted & { status: string; reason: string | null }>(`SELECT status, reason, COUNT(*) AS n FROM campaign_recipients
      WHERE campaign_id = :id${variant === null ? '' : ' AND variant = :variant'} GROUP BY status, reason`),
    raw<Counted & { status: string }>(`SELECT m.status AS status, COUNT(*) AS n FROM messages m WHERE m.campaign_id = :id${ofVariant('m.contact_id', variant)} GROUP BY m.status`),
    raw<Counted>(`SELECT COUNT(*) AS n FROM messages m WHERE m.campaign_id = :id AND m.status IN ('queued', 'held') AND m.next_attempt_at > :now${ofVariant('m.contact_id', variant)}`),
    // Replies and opt-outs follow a text that left; a booking or a click is the recipient's own word that theirs reached them.
    ...(['replied', 'optedOut', 'booked', 'clicked'] as const).map((response) => raw<Counted>(`SELECT COUNT(*) AS n FROM messages m
      WHERE m.campaign_id = :id${response === 'replied' || response === 'optedOut' ? ` AND m.status IN ${LEFT_STATUSES}` : ''}
      AND ${campaignResponse[response]('m')}${ofVariant('m.contact_id', variant)}`)),
  ]);
  const excluded = Object.fromEntries([...EXCLUSION_REASONS, 'duplicate'].map((r) => [r, 0])) as Record<ExclusionReason | 'duplicate', number>;
  let targeted = 0;
  for (const r of recipients) {
    targeted += Number(r.n);
    if (r.status === 'excluded' && r.reason) excluded[r.reason as ExclusionReason] = (excluded[r.reason as ExclusionReason] ?? 0) + Number(r.n);
  }
  excluded.duplicate = variant === null ? campaign.duplicates : 0;
  const byStatus = (...statuses: string[]) => messages.filter((m) => statuses.includes(m.status)).reduce((sum, m) => sum + Number(m.n), 0);
  const count = (rows: Counted[]) => Number(rows[0]?.n ?? 0);
  const deferred = count(deferredRows);
  return {
    targeted, excluded, deferred,
    queued: byStatus('queued', 'held', 'sending') - deferred,
    sent: byStatus('sent', 'delivered', 'undelivered'),
    delivered: byStatus('delivered'),
    failed: byStatus('failed', 'undelivered'),
    replied: count(repliedRows),
    optedOut: count(optedRows),
    clicked: count(clickedRows),
    booked: count(bookedRows),
  };
}
