import type { EntityManager } from 'typeorm';
import { campaignResponse, LEFT_STATUSES } from '../campaigns/campaign-stats';
import type { CampaignCategory, CampaignStatus } from '../campaigns/campaign-contract';
import { charLength, hoursAfter, instant, num, rawRows } from './raw-rows';
import { money, rate } from './report-math';
import type { ReportRange } from './report-range';
import { costMicros, fromMicros, type PricedChannel } from './channel-prices';
import { billedParts } from './sms-parts';

type Range = Pick<ReportRange, 'start' | 'end'>;
type Raw = Record<string, string | number | Date | null>;

/** Replies and opt-outs count for a campaign text within this many hours of it leaving (the definition). */
export const RESPONSE_HOURS = 72;

/**
 * The texts a campaign report counts, as SQL over messages `m`: a campaign's texts that left in the range (by when
 * the provider took them). A campaign therefore counts in every period it sent in, a trigger campaign's daily sends
 * included, and a send crossing midnight splits at the clinic's midnight. The status test is a CASE so that no
 * index serves it: SQLite, which keeps no table statistics here, otherwise walked the status index through every
 * delivered text ever sent (1.1 s at a million messages) instead of each campaign's range of (campaign_id, sent_at).
 */
export const LEFT_IN_RANGE = `m.sent_at >= :start AND m.sent_at < :end AND (CASE WHEN m.status IN ${LEFT_STATUSES} THEN 1 ELSE 0 END) = 1`;
/** Texts the provider refused outright in the range (never left, so they have no sent_at): failed as well. */
export const FAILED_UNSENT = `m.sent_at IS NULL AND m.status = 'failed' AND m.updated_at >= :start AND m.updated_at < :end`;

/**
 * What each figure counts among the texts that left, as SQL. Responses are counted among delivered texts only (rates
 * are ÷ unique delivered recipients; one text per recipient and campaign): a reply or an opt-out within 72 h of the
 * text, a click on the recipient's own link or a booking answering the campaign at any time — each as
 * campaign-stats.ts defines it.
 */
export function leftFigureSql(em: EntityManager) {
  const delivered = `m.status = 'delivered'`;
  const within = hoursAfter(em, 'm.sent_at', RESPONSE_HOURS);
  return {
    sent: '1 = 1',
    delivered,
    pending: `m.status = 'sent'`,
    undelivered: `m.status = 'undelivered'`,
    replied: `${delivered} AND ${campaignResponse.replied('m', within)}`,
    optedOut: `${delivered} AND ${campaignResponse.optedOut('m', within)}`,
    clicked: `${delivered} AND ${campaignResponse.clicked('m')}`,
    booked: `${delivered} AND ${campaignResponse.booked('m')}`,
  };
}
type LeftFigure = keyof ReturnType<typeof leftFigureSql>;

export interface CampaignCounts {
  sent: number; delivered: number; failed: number; pending: number; deliveryRate: number | null;
  replied: number; replyRate: number | null; clicked: number; clickRate: number | null;
  optedOut: number; optOutRate: number | null; booked: number; bookingRate: number | null;
  parts: number; cost: number;
}

export interface CampaignReportRow extends CampaignCounts {
  id: number; name: string; category: CampaignCategory; status: CampaignStatus; startedAt: string | null;
  /** A/B campaigns: each variant's test recipients (those sent the winner afterwards count in the campaign's totals only). */
  variants: Array<{ key: string } & CampaignCounts>;
  byLanguage: Array<{ language: string } & CampaignCounts>;
}

/** One group of counted texts: a campaign, a variant (null: none or the winner's send) and a language. */
interface Group { campaignId: number; variant: string | null; language: string; counts: Record<LeftFigure | 'failedUnsent' | 'parts' | 'micros', number> }

const GROUP = `FROM messages m JOIN contacts ct ON ct.id = m.contact_id
  LEFT JOIN campaign_recipients cr ON cr.campaign_id = m.campaign_id AND cr.contact_id = m.contact_id`;
const GROUP_BY = 'GROUP BY m.campaign_id, cr.variant, ct.locale';
const groupKey = (r: Raw) => `${r.campaignId}|${r.variant ?? ''}|${r.language}`;

async function groups(em: EntityManager, ids: number[], range: Range, channels: Map<number, PricedChannel>): Promise<Group[]> {
  const params = { ids, start: range.start, end: range.end };
  const figures = leftFigureSql(em);
  const sums = Object.entries(figures).map(([name, sql]) => `SUM(CASE WHEN ${sql} THEN 1 ELSE 0 END) AS ${name}`).join(', ');
  const head = 'm.campaign_id AS campaignId, cr.variant AS variant, ct.locale AS language';
  const length = charLength(em, 'm.body');
  const [left, unsent] = await Promise.all([
    // One pass over the texts that left. Parts without reading every body: texts of one length on one provider cost
    // the same (exact for Chinese texts, which carriers bill by characters), so the rows are also grouped by length
    // and one sample body of each is counted; a receipt's own figure is taken as it is. Grouped by channel too: each
    // text's parts cost its own channel's price.
    rawRows<Raw>(em, `SELECT ${head}, m.provider AS provider, m.channel_id AS channelId, m.billed_segments AS billed, MIN(m.body) AS sample, ${sums}
      ${GROUP} WHERE m.campaign_id IN (:...ids) AND ${LEFT_IN_RANGE} ${GROUP_BY}, m.provider, m.channel_id, m.billed_segments, ${length}`, params),
    rawRows<Raw>(em, `SELECT ${head}, COUNT(*) AS n ${GROUP} WHERE m.campaign_id IN (:...ids) AND ${FAILED_UNSENT} ${GROUP_BY}`, params),
  ]);
  const found = new Map<string, Group>();
  const group = (r: Raw) => {
    const key = groupKey(r);
    if (!found.has(key)) {
      const counts = Object.fromEntries([...Object.keys(figures), 'failedUnsent', 'parts', 'micros'].map((k) => [k, 0])) as Group['counts'];
      found.set(key, { campaignId: Number(r.campaignId), variant: r.variant === null ? null : String(r.variant), language: String(r.language), counts });
    }
    return found.get(key)!;
  };
  for (const r of left) {
    const g = group(r);
    for (const k of Object.keys(figures) as LeftFigure[]) g.counts[k] += num(r[k]);
    const billed = r.billed === null ? null : num(r.billed);
    const parts = num(r.sent) * billedParts({ provider: String(r.provider), body: String(r.sample), billedSegments: billed });
    g.counts.parts += parts;
    g.counts.micros += costMicros(channels, r.channelId === null ? null : num(r.channelId), parts);
  }
  for (const r of unsent) group(r).counts.failedUnsent += num(r.n);
  return [...found.values()];
}

const TALLIES = ['sent', 'delivered', 'failed', 'pending', 'replied', 'clicked', 'optedOut', 'booked', 'parts'] as const;
type Tallies = Record<(typeof TALLIES)[number], number>;

/** Counts with their rates: delivery ÷ (delivered + failed), every response ÷ delivered; cost from millionths. */
function withRates(t: Tallies, micros: number): CampaignCounts {
  return {
    ...t, cost: money(fromMicros(micros)), deliveryRate: rate(t.delivered, t.delivered + t.failed), replyRate: rate(t.replied, t.delivered),
    clickRate: rate(t.clicked, t.delivered), optOutRate: rate(t.optedOut, t.delivered), bookingRate: rate(t.booked, t.delivered),
  };
}

function countsOf(gs: Group[]): CampaignCounts {
  const t = (k: keyof Group['counts']) => gs.reduce((sum, g) => sum + g.counts[k], 0);
  const tallies: Tallies = {
    sent: t('sent'), delivered: t('delivered'), failed: t('undelivered') + t('failedUnsent'), pending: t('pending'),
    replied: t('replied'), clicked: t('clicked'), optedOut: t('optedOut'), booked: t('booked'), parts: t('parts'),
  };
  return withRates(tallies, t('micros'));
}

/**
 * Per campaign that sent in the range (newest start first), its totals, each A/B variant and each language. Only
 * campaigns started before the range ends can have sent in it; their texts are found by (campaign_id, sent_at).
 */
export async function campaignFigures(em: EntityManager, range: Range, channels: Map<number, PricedChannel>): Promise<CampaignReportRow[]> {
  const campaigns = await rawRows<Raw>(em, `SELECT id, name, category, status, started_at AS startedAt FROM campaigns
    WHERE started_at IS NOT NULL AND started_at < :end ORDER BY started_at DESC, id DESC`, { end: range.end });
  if (!campaigns.length) return [];
  const all = await groups(em, campaigns.map((c) => Number(c.id)), range, channels);
  return campaigns.flatMap((c) => {
    const mine = all.filter((g) => g.campaignId === Number(c.id));
    if (!mine.length) return [];
    const variants = [...new Set(mine.flatMap((g) => (g.variant === null ? [] : [g.variant])))].sort();
    const languages = [...new Set(mine.map((g) => g.language))].sort();
    return [{
      id: Number(c.id), name: String(c.name), category: c.category as CampaignCategory, status: c.status as CampaignStatus,
      startedAt: instant(c.startedAt as string | Date).toISOString(),
      ...countsOf(mine),
      variants: variants.map((key) => ({ key, ...countsOf(mine.filter((g) => g.variant === key)) })),
      byLanguage: languages.map((language) => ({ language, ...countsOf(mine.filter((g) => g.language === language)) })),
    }];
  });
}

/**
 * The range's totals over every campaign. A campaign's cost is its millionths ÷ 10⁶ rounded to a ten-thousandth
 * (money()), so the total is the sum of those costs, added in ten-thousandths to stay exact.
 */
export function campaignTotals(rows: CampaignCounts[]): CampaignCounts {
  const tallies = Object.fromEntries(TALLIES.map((k) => [k, rows.reduce((sum, r) => sum + r[k], 0)])) as Tallies;
  return withRates(tallies, rows.reduce((sum, r) => sum + Math.round(r.cost * 10_000), 0) * 100);
}
