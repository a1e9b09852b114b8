import type { EntityManager } from 'typeorm';
import type { EpisodeCounted } from './episode-cohort';
import type { EpisodeCounts } from './episode-kinds';
import type { EpisodeState } from './episode-rollups';
import { exactSpan, localSeries, sumsBy, type LocalSeries, type RollupSum, type SeriesSum } from './rollup-read';

const FIELD: Record<EpisodeState, keyof EpisodeCounts> = { started: 'episodes', handoff: 'handoffs', bot: 'botResolved', unanswered: 'unanswered' };
const none = (): EpisodeCounts => ({ episodes: 0, handoffs: 0, botResolved: 0, unanswered: 0 });

/** Roll-up rows added into counts by key. */
function countsBy<K>(rows: ReadonlyArray<RollupSum | SeriesSum>, key: (r: RollupSum | SeriesSum) => K): Map<K, EpisodeCounts> {
  const out = new Map<K, EpisodeCounts>();
  for (const r of rows) {
    const field = FIELD[r.state as EpisodeState];
    if (!field) continue;
    const k = key(r);
    let counts = out.get(k);
    if (!counts) out.set(k, counts = none());
    counts[field] += r.n;
  }
  return out;
}

/**
 * The episode counts of a range from the roll-ups (episode-rollups.ts), exactly what the grouped rows give: per local
 * day and hour of day, per language and per hand-off reason. Null when the range cannot be read from hour buckets
 * exactly (rollup-read.ts exactLocalSpan): the caller counts the rows. `series`: the range's local series when the
 * caller has read them already (with kind `episode` among their kinds).
 */
export async function episodeRollupCounts(em: EntityManager, range: { start: Date; end: Date; timezone: string }, series?: LocalSeries | null): Promise<EpisodeCounted | null> {
  const local = series === undefined ? await localSeries(em, range, ['episode']) : series;
  if (!local) return null;
  const [languages, reasons] = await Promise.all([sumsBy(em, local.span, 'language', ['episode']), sumsBy(em, local.span, 'reason', ['episode'])]);
  const days = local.days.filter((r) => r.kind === 'episode');
  const hours = local.hours.filter((r) => r.kind === 'episode');
  const byDay = countsBy(days, (r) => String((r as SeriesSum).at));
  const byHourOfDay = Array.from({ length: 24 }, () => 0);
  for (const r of hours) if (r.state === 'started') byHourOfDay[Number((r as SeriesSum).at)]! += r.n;
  const total = none();
  for (const c of byDay.values()) { total.episodes += c.episodes; total.handoffs += c.handoffs; total.botResolved += c.botResolved; total.unanswered += c.unanswered; }
  return {
    total, byDay, byHourOfDay,
    byLanguage: countsBy(languages, (r) => (r as RollupSum).value),
    handoffsByReason: Object.fromEntries(reasons.filter((r) => r.state === 'handoff').map((r) => [(r as RollupSum).value, r.n])),
  };
}

/** The range's episode counts in total from the roll-ups, or null when the range's edges are not whole UTC hours. */
export async function episodeRollupTotals(em: EntityManager, range: { start: Date; end: Date }): Promise<EpisodeCounts | null> {
  const span = exactSpan(range);
  if (!span) return null;
  return countsBy(await sumsBy(em, span, 'all', ['episode']), () => 0).get(0) ?? none();
}
