import type { EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import { episodeRollupCounts } from './episode-rollup-read';
import { COUNTS_SQL, KIND_SQL, STARTED_IN_RANGE, type EpisodeCounts } from './episode-kinds';
import type { ReportRange } from './report-range';
import type { LocalSeries } from './rollup-read';
import { localDate, localHourGroups, numberOf, reportQuery } from './report-sql';

/** A measured time of one episode, with what the figures split it by. */
export interface Measured { agentId: number | null; seconds: number; businessSeconds: number }
/** A first response, with the local date (YYYY-MM-DD) its episode started on. */
export interface Response extends Measured { date: string; language: string }

/**
 * The episodes a range's figures count: those that started in it. Everything about an episode — its hand-off, first
 * response, resolution — counts on the day it started, so each day's rates share one set of episodes; the latest days
 * can still change as their episodes finish.
 *
 * Read as the database can answer fastest: the counts from the episode roll-ups (episode-rollup-read.ts) when the
 * range's local days are whole UTC hours, else grouped in SQL (per local hour, per language, per hand-off reason); row
 * by row only the values the medians need, since a median is not a sum that groups could carry.
 */
export interface EpisodeCounted {
  total: EpisodeCounts;
  /** Per local date (YYYY-MM-DD) in the range's zone. */
  byDay: Map<string, EpisodeCounts>;
  /** Episodes started per local hour of day (0–23). */
  byHourOfDay: number[];
  byLanguage: Map<string, EpisodeCounts>;
  handoffsByReason: Record<string, number>;
}
export interface EpisodeCohort extends EpisodeCounted {
  responses: Response[];
  /** Null when the caller reads the resolution times from their histograms (a long range, conversation-figures.ts). */
  resolutions: Measured[] | null;
}

type CountRow = { episodes: unknown; handoffs: unknown; bot: unknown; unanswered: unknown };
const countsOf = (r: CountRow): EpisodeCounts =>
  ({ episodes: numberOf(r.episodes), handoffs: numberOf(r.handoffs), botResolved: numberOf(r.bot), unanswered: numberOf(r.unanswered) });
const agentOf = (v: unknown) => (v === null || v === undefined ? null : numberOf(v));

export async function episodeCohort(em: EntityManager, range: Pick<ReportRange, 'start' | 'end' | 'timezone'>, series?: LocalSeries | null,
  opts: { resolutions?: boolean } = {}): Promise<EpisodeCohort> {
  const params = { start: range.start, end: range.end };
  const from = `FROM conversation_episodes e WHERE ${STARTED_IN_RANGE}`;
  // Each response's day from its local hour's key, worked out once per hour: a year is tens of thousands of rows.
  const hour = localHourGroups(em, 'e.started_at', range.timezone, range.start);
  const dates = new Map<string, string>();
  const dateOf = (key: string) => dates.get(key) ?? dates.set(key, localDate(localTime(hour.start(key), range.timezone))).get(key)!;
  const [counted, responses, resolutions] = await Promise.all([
    episodeRollupCounts(em, range, series).then((fromRollups) => fromRollups ?? rawCounts(em, range)),
    reportQuery<Record<string, unknown>>(em, `SELECT ${hour.sql} AS bucket, e.language AS language, e.first_response_agent_id AS agent,
      e.first_response_seconds AS s, e.first_response_business_seconds AS b ${from} AND ${KIND_SQL.answered}`, params),
    opts.resolutions === false ? null : reportQuery<Record<string, unknown>>(em, `SELECT e.resolved_agent_id AS agent, e.resolution_seconds AS s,
      e.resolution_business_seconds AS b ${from} AND ${KIND_SQL.resolved}`, params),
  ]);
  return {
    ...counted,
    responses: responses.map((r) => ({
      date: dateOf(String(r.bucket)), language: String(r.language), agentId: agentOf(r.agent), seconds: numberOf(r.s), businessSeconds: numberOf(r.b),
    })),
    resolutions: resolutions && resolutions.map((r) => ({ agentId: agentOf(r.agent), seconds: numberOf(r.s), businessSeconds: numberOf(r.b) })),
  };
}

/** The counts grouped in SQL from the episodes themselves: any range, any zone (India's +5:30 included). */
async function rawCounts(em: EntityManager, range: Pick<ReportRange, 'start' | 'end' | 'timezone'>): Promise<EpisodeCounted> {
  const params = { start: range.start, end: range.end };
  const hour = localHourGroups(em, 'e.started_at', range.timezone, range.start);
  const from = `FROM conversation_episodes e WHERE ${STARTED_IN_RANGE}`;
  const [hours, languages, reasons] = await Promise.all([
    reportQuery<CountRow & { bucket: string }>(em, `SELECT ${hour.sql} AS bucket, ${COUNTS_SQL} ${from} GROUP BY ${hour.sql}`, params),
    reportQuery<CountRow & { language: string }>(em, `SELECT e.language AS language, ${COUNTS_SQL} ${from} GROUP BY e.language`, params),
    reportQuery<{ reason: string | null; n: unknown }>(em, `SELECT e.handoff_reason AS reason, COUNT(*) AS n ${from} AND ${KIND_SQL.handoff} GROUP BY e.handoff_reason`, params),
  ]);
  const counted: EpisodeCounted = {
    total: noCounts(), byDay: new Map(), byHourOfDay: Array.from({ length: 24 }, () => 0),
    byLanguage: new Map(languages.map((r) => [String(r.language), countsOf(r)])),
    handoffsByReason: Object.fromEntries(reasons.map((r) => [r.reason ?? 'unknown', numberOf(r.n)])),
  };
  for (const r of hours) {
    const counts = countsOf(r);
    const t = localTime(hour.start(r.bucket), range.timezone);
    addCounts(counted.total, counts);
    const date = localDate(t);
    counted.byDay.set(date, addCounts(counted.byDay.get(date) ?? noCounts(), counts));
    counted.byHourOfDay[t.hour]! += counts.episodes;
  }
  return counted;
}

/** Counts added up. */
export function addCounts(into: EpisodeCounts, more: EpisodeCounts): EpisodeCounts {
  into.episodes += more.episodes; into.handoffs += more.handoffs; into.botResolved += more.botResolved; into.unanswered += more.unanswered;
  return into;
}
export const noCounts = (): EpisodeCounts => ({ episodes: 0, handoffs: 0, botResolved: 0, unanswered: 0 });
