import type { EntityManager } from 'typeorm';
import { episodeRollupTotals } from './episode-rollup-read';
import { COUNTS_SQL, KIND_SQL, STARTED_IN_RANGE, type EpisodeCounts } from './episode-kinds';
import { inboundCount } from './inbound-volume';
import type { ReportRange } from './report-range';
import { numberOf, reportQuery } from './report-sql';
import { TIME_PRECISION } from './time-histogram';
import { histogramSpan, timeHistograms, type TimePrecision } from './time-rollup-read';
import { percentile, rate } from './timing';

/** The conversation figures the page compares with the previous period. */
export interface ConversationHeadline {
  inbound: number;
  episodes: number;
  handoffs: number;
  botResolved: number;
  botResolutionRate: number | null;
  unanswered: number;
  firstResponseMedianSeconds: number | null;
  businessFirstResponseMedianSeconds: number | null;
  resolutionMedianSeconds: number | null;
  businessResolutionMedianSeconds: number | null;
  /** 0: the medians are exact; 0.04: read from the times' histograms, within 4 % (a range longer than a month, time-rollup-read.ts). */
  precision: TimePrecision;
}

/**
 * The headline alone, with the same definitions as conversationFigures but read with aggregates: counts from the
 * roll-ups (or in one statement when the range's edges are not whole UTC hours), and only the values the medians need,
 * so the comparison costs a fraction of the full figures.
 */
export async function conversationHeadline(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>, opts: { exactTimes?: boolean } = {}): Promise<ConversationHeadline> {
  const params = { start: range.start, end: range.end };
  const inRange = STARTED_IN_RANGE;
  const [counts, inbound, medians] = await Promise.all([
    episodeRollupTotals(em, range).then(async (fromRollups): Promise<EpisodeCounts> => {
      if (fromRollups) return fromRollups;
      const [row] = await reportQuery<Record<string, unknown>>(em, `SELECT ${COUNTS_SQL} FROM conversation_episodes e WHERE ${inRange}`, params);
      return { episodes: numberOf(row?.episodes), handoffs: numberOf(row?.handoffs), botResolved: numberOf(row?.bot), unanswered: numberOf(row?.unanswered) };
    }),
    inboundCount(em, range),
    headlineMedians(em, range, opts.exactTimes ?? false),
  ]);
  const { episodes, botResolved: bot } = counts;
  return { inbound, episodes, handoffs: counts.handoffs, botResolved: bot, botResolutionRate: rate(bot, episodes), unanswered: counts.unanswered, ...medians };
}

type Medians = Pick<ConversationHeadline, 'firstResponseMedianSeconds' | 'businessFirstResponseMedianSeconds' | 'resolutionMedianSeconds' | 'businessResolutionMedianSeconds' | 'precision'>;

/** The four medians: from the histograms for a long range, else from the values (time-rollup-read.ts says why). */
async function headlineMedians(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>, exact: boolean): Promise<Medians> {
  const span = exact ? null : histogramSpan(range);
  if (span) {
    const all = await timeHistograms(em, span);
    const [response, resolution] = [all.timing('first_resp', ''), all.timing('resolution', '')];
    return {
      firstResponseMedianSeconds: response.medianSeconds, businessFirstResponseMedianSeconds: response.businessMedianSeconds,
      resolutionMedianSeconds: resolution.medianSeconds, businessResolutionMedianSeconds: resolution.businessMedianSeconds, precision: TIME_PRECISION,
    };
  }
  const params = { start: range.start, end: range.end };
  const [responses, resolutions] = await Promise.all([
    reportQuery<{ s: unknown; b: unknown }>(em, `SELECT e.first_response_seconds AS s, e.first_response_business_seconds AS b FROM conversation_episodes e
      WHERE ${STARTED_IN_RANGE} AND ${KIND_SQL.answered}`, params),
    reportQuery<{ s: unknown; b: unknown }>(em, `SELECT e.resolution_seconds AS s, e.resolution_business_seconds AS b FROM conversation_episodes e
      WHERE ${STARTED_IN_RANGE} AND ${KIND_SQL.resolved}`, params),
  ]);
  const median = (rows: Array<{ s: unknown; b: unknown }>, key: 's' | 'b') => percentile(rows.map((r) => numberOf(r[key])), 0.5);
  return {
    firstResponseMedianSeconds: median(responses, 's'), businessFirstResponseMedianSeconds: median(responses, 'b'),
    resolutionMedianSeconds: median(resolutions, 's'), businessResolutionMedianSeconds: median(resolutions, 'b'), precision: 0,
  };
}
