import type { EntityManager } from 'typeorm';
import { campaignResponse, LEFT_STATUSES } from '../campaigns/campaign-stats';
import type { CampaignCategory, CampaignStatus } from '../campaigns/campaign-contract';
import { charLength, hourSql, hoursAfter, instant, num, rawRows } from './raw-rows';
import { money, rate } from './report-math';
import type { ReportRange } from './report-range';
import { costMicros, fromMicros, type PricedChannel } from './channel-prices';
import { billedParts } from './sms-parts';
import { campaignValueOf, CLASS_STATES, FIGURE_OF_STATE, type CampaignState } from './campaign-keys';
import { exactSpan, sumsBy } from './rollup-read';

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
 * What counts as each response to campaign text `m`, as SQL, whatever its status: a reply or an opt-out within 72 h of
 * the text, a click on the recipient's own link or a booking answering the campaign at any time — each as
 * campaign-stats.ts defines it. The roll-ups (campaign-rollups.ts) read them per text, the figures below per group.
 */
export function responseSql(em: EntityManager): Record<Response, string> {
  const within = hoursAfter(em, 'm.sent_at', RESPONSE_HOURS);
  return {
    replied: campaignResponse.replied('m', within), optedOut: campaignResponse.optedOut('m', within),
    clicked: campaignResponse.clicked('m'), booked: campaignResponse.booked('m'),
  };
}
export const RESPONSES = ['replied', 'optedOut', 'clicked', 'booked'] as const;
export type Response = (typeof RESPONSES)[number];

/**
 * What each figure counts among the texts that left, as SQL. Responses (responseSql) are counted among delivered
 * texts only (rates are ÷ unique delivered recipients; one text per recipient and campaign).
 */
export function leftFigureSql(em: EntityManager) {
  const delivered = `m.status = 'delivered'`;
  const responses = responseSql(em);
  return {
    sent: '1 = 1',
    delivered,
    pending: `m.status = 'sent'`,
    undelivered: `m.status = 'undelivered'`,
    replied: `${delivered} AND ${responses.replied}`,
    optedOut: `${delivered} AND ${responses.optedOut}`,
    clicked: `${delivered} AND ${responses.clicked}`,
    booked: `${delivered} AND ${responses.booked}`,
  };
}
type LeftFigure = keyof ReturnType<typeof leftFigureSql>;
const LEFT_FIGURES: LeftFigure[] = ['sent', 'delivered', 'pending', 'undelivered', 'replied', 'optedOut', 'clicked', 'booked'];

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
type GroupCounts = Group['counts'];

const GROUP = `FROM messages m JOIN contacts ct ON ct.id = m.contact_id
  LEFT JOIN campaign_recipients cr ON cr.campaign_id = m.campaign_id AND cr.contact_id = m.contact_id`;
const GROUP_BY = 'GROUP BY m.campaign_id, cr.variant, ct.locale';
const groupKey = (r: Raw) => `${r.campaignId}|${r.variant ?? ''}|${r.language}`;

/** A grouped row of texts that left (textGroupRows): its counts, and the parts each of its texts was billed. */
export type LeftRow = Raw & Record<LeftFigure, number | string>;

/**
 * The campaign texts of campaigns `ids` that left in the range, and those refused outright, grouped by campaign,
 * variant and language (and, for the texts that left, by what their cost depends on). `perHour`: also by the UTC hour
 * each counts in (`hour`: of sent_at, of the failure for those refused outright) — the roll-ups' rebuild
 * (campaign-rollups.ts), which counts exactly what the report reads here.
 */
export async function textGroupRows(em: EntityManager, ids: number[], range: Range, perHour = false): Promise<{ left: LeftRow[]; unsent: Raw[] }> {
  const params = { ids, start: range.start, end: range.end };
  const figures = leftFigureSql(em);
  const sums = Object.entries(figures).map(([name, sql]) => `SUM(CASE WHEN ${sql} THEN 1 ELSE 0 END) AS ${name}`).join(', ');
  const head = 'm.campaign_id AS campaignId, cr.variant AS variant, ct.locale AS language';
  const hour = (column: string) => (perHour ? [`${hourSql(em, column)} AS hour`, `, ${hourSql(em, column)}`] : ['NULL AS hour', '']);
  const [sentHour, bySentHour] = hour('m.sent_at');
  const [failedHour, byFailedHour] = hour('m.updated_at');
  const length = charLength(em, 'm.body');
  const [left, unsent] = await Promise.all([
    // One pass over the texts that left. Parts without reading every body: texts of one length on one provider cost
    // the same (exact for Chinese texts, which carriers bill by characters), so the rows are also grouped by length
    // and one sample body of each is counted; a receipt's own figure is taken as it is. Grouped by channel too: each
    // text's parts cost its own channel's price.
    rawRows<LeftRow>(em, `SELECT ${head}, ${sentHour}, m.provider AS provider, m.channel_id AS channelId, m.billed_segments AS billed, MIN(m.body) AS sample, ${sums}
      ${GROUP} WHERE m.campaign_id IN (:...ids) AND ${LEFT_IN_RANGE} ${GROUP_BY}${bySentHour}, m.provider, m.channel_id, m.billed_segments, ${length}`, params),
    rawRows<Raw>(em, `SELECT ${head}, ${failedHour}, COUNT(*) AS n ${GROUP} WHERE m.campaign_id IN (:...ids) AND ${FAILED_UNSENT} ${GROUP_BY}${byFailedHour}`, params),
  ]);
  return { left, unsent };
}

/** The parts each text of a grouped row was billed (all alike: one provider, one billed figure, one length). */
export const partsPerText = (r: LeftRow) => billedParts({ provider: String(r.provider), body: String(r.sample), billedSegments: r.billed === null ? null : num(r.billed) });

const emptyCounts = (): GroupCounts => Object.fromEntries([...LEFT_FIGURES, 'failedUnsent', 'parts', 'micros'].map((k) => [k, 0])) as GroupCounts;

/** Groups found by `campaignId|variant|language`, made on first sight. */
function groupFinder(): { group: (r: Record<string, unknown>) => Group; all: () => Group[] } {
  const found = new Map<string, Group>();
  return {
    group: (r) => {
      const key = groupKey(r as Raw);
      if (!found.has(key)) found.set(key, { campaignId: Number(r.campaignId), variant: r.variant == null || r.variant === '' ? null : String(r.variant), language: String(r.language), counts: emptyCounts() });
      return found.get(key)!;
    },
    all: () => [...found.values()],
  };
}

/**
 * The range's groups read from the roll-ups (kind `campaign`, campaign-rollups.ts), or null when its edges are not
 * whole UTC hours (exactSpan): then the rows. The same counts the rows give: the status classes make sent, delivered,
 * pending, undelivered and failed; the response rows count delivered texts only; parts are priced per channel.
 */
async function rollupGroups(em: EntityManager, ids: number[], range: Range, channels: Map<number, PricedChannel>): Promise<Group[] | null> {
  const span = exactSpan(range);
  if (!span) return null;
  const wanted = new Set(ids);
  const groups = groupFinder();
  for (const r of await sumsBy(em, span, 'campaign', ['campaign'])) {
    const key = campaignValueOf(r.value);
    if (!wanted.has(key.campaignId)) continue;
    const g = groups.group(key).counts;
    const figure = FIGURE_OF_STATE[r.state as CampaignState];
    if (!figure) continue;
    g[figure] += r.n;
    if ((CLASS_STATES as ReadonlySet<string>).has(r.state)) g.sent += r.n;
    g.parts += r.segments;
    g.micros += costMicros(channels, r.channelId, r.segments);
  }
  return groups.all();
}

/** The range's groups read from the rows. */
async function rowGroups(em: EntityManager, ids: number[], range: Range, channels: Map<number, PricedChannel>): Promise<Group[]> {
  const { left, unsent } = await textGroupRows(em, ids, range);
  const groups = groupFinder();
  for (const r of left) {
    const g = groups.group(r).counts;
    for (const k of LEFT_FIGURES) g[k] += num(r[k]);
    const parts = num(r.sent) * partsPerText(r);
    g.parts += parts;
    g.micros += costMicros(channels, r.channelId === null ? null : num(r.channelId), parts);
  }
  for (const r of unsent) groups.group(r).counts.failedUnsent += num(r.n);
  return groups.all();
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
 * campaigns started before the range ends can have sent in it. Counted from the roll-ups when the range's edges are
 * whole UTC hours, else (or with `read` 'rows': the tests' and the bench's yardstick) from the texts themselves, found
 * by (campaign_id, sent_at).
 */
export async function campaignFigures(em: EntityManager, range: Range, channels: Map<number, PricedChannel>, read: 'rollups' | 'rows' = 'rollups'): Promise<CampaignReportRow[]> {
  const campaigns = await rawRows<Raw>(em, `SELECT id, name, category, status, started_at AS startedAt FROM campaigns
    WHERE started_at IS NOT NULL AND started_at < :end ORDER BY started_at DESC, id DESC`, { end: range.end });
  if (!campaigns.length) return [];
  const ids = campaigns.map((c) => Number(c.id));
  const all = (read === 'rollups' ? await rollupGroups(em, ids, range, channels) : null) ?? await rowGroups(em, ids, range, channels);
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
 * One campaign's figure from the roll-ups (narrowed to a variant, as `cr.variant`), or null when the
 * range's edges are not whole UTC hours: the total of the list behind that figure (campaign-texts.ts) without
 * counting the list, whose responses are a subquery per text (a month's replies: ~0.5 s on MariaDB at a million).
 */
export async function campaignFigureFromRollups(em: EntityManager, range: Range, campaignId: number, figure: keyof Tallies, narrow: { variant?: string }): Promise<number | null> {
  // A count, not money: every channel priced at nothing.
  const unpriced = new Map<number, PricedChannel>([[0, { id: 0, name: null, provider: '', priceMicros: 0 }]]);
  const groups = await rollupGroups(em, [campaignId], range, unpriced);
  if (!groups) return null;
  return countsOf(groups.filter((g) => narrow.variant === undefined || g.variant === narrow.variant))[figure];
}

/**
 * The range's totals over every campaign. A campaign's cost is its millionths ÷ 10⁶ rounded to a ten-thousandth
 * (money()), so the total is the sum of those costs, added in ten-thousandths to stay exact.
 */
export function campaignTotals(rows: CampaignCounts[]): CampaignCounts {
  const tallies = Object.fromEntries(TALLIES.map((k) => [k, rows.reduce((sum, r) => sum + r[k], 0)])) as Tallies;
  return withRates(tallies, rows.reduce((sum, r) => sum + Math.round(r.cost * 10_000), 0) * 100);
}
