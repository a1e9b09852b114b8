import type { EntityManager } from 'typeorm';
import { exactLocalSpan, exactSpan, sumsBy, sumsByLocal, type HourSpan, type RollupSum } from './rollup-read';
import { addToHistogram, TIME_PRECISION, timingOfHistograms, type Histogram } from './time-histogram';
import type { Timing } from './timing';

/**
 * Where a range's first response and resolution times come from. Up to EXACT_TIMES_DAYS they are exact, from the
 * episodes' own values (a month — what the page opens on — is a few thousand rows, and its figures can be checked by
 * hand against the CSV); a longer range reads the times' histograms (episode-rollups.ts, time-histogram.ts): a year's
 * values are ~80,000 rows, its histograms a few thousand, and a median within 4 % is plenty to follow a trend. A range
 * whose edges are not whole UTC hours (a :30 or :45 zone) stays exact at any length, as the counts do.
 */
export const EXACT_TIMES_DAYS = 31;
const DAY = 86_400_000;

/** The relative precision of a range's times: 0 when exact, else TIME_PRECISION (the API's `precision`). */
export type TimePrecision = 0 | typeof TIME_PRECISION;

/** The span to read the times' histograms over for per-local-day figures, or null to read the episodes' values. */
export function histogramLocalSpan(range: { start: Date; end: Date; timezone: string }): HourSpan | null {
  return isLong(range) ? exactLocalSpan(range, range.timezone) : null;
}
/** The same for totals only (the headline). */
export const histogramSpan = (range: { start: Date; end: Date }): HourSpan | null => (isLong(range) ? exactSpan(range) : null);
// An hour's slack: a month with the autumn's extra hour is still a month.
const isLong = (range: { start: Date; end: Date }) => range.end.getTime() - range.start.getTime() > EXACT_TIMES_DAYS * DAY + 3_600_000;

type Measured = 'first_resp' | 'resolution';

/** Histograms of each measured kind and slice value, calendar (`c:`) and business (`b:`) apart. */
export class TimeHistograms {
  private readonly byKey = new Map<string, { calendar: Histogram; business: Histogram }>();

  constructor(rows: ReadonlyArray<Pick<RollupSum, 'kind' | 'state' | 'n'> & { key: string }>) {
    for (const r of rows) {
      const [clock, bucket] = r.state.split(':');
      if (bucket === undefined) continue;
      const key = `${r.kind}\u0000${r.key}`;
      let h = this.byKey.get(key);
      if (!h) this.byKey.set(key, h = { calendar: new Map(), business: new Map() });
      addToHistogram(clock === 'c' ? h.calendar : h.business, Number(bucket), r.n);
    }
  }

  timing(kind: Measured, key: string): Timing {
    const h = this.byKey.get(`${kind}\u0000${key}`);
    return timingOfHistograms(h?.calendar ?? new Map(), h?.business ?? new Map());
  }
}

const MEASURED: Measured[] = ['first_resp', 'resolution'];

/** The range's time histograms on one slice: `all` (key ''), `language` (the locale) or `agent` (the agent's id, '' for none). */
export async function timeHistograms(em: EntityManager, span: HourSpan, dim: 'all' | 'language' | 'agent'): Promise<TimeHistograms> {
  return new TimeHistograms((await sumsBy(em, span, dim, MEASURED)).map((r) => ({ ...r, key: r.value })));
}

/** The first responses' histograms per local date (YYYY-MM-DD) in `timezone`. */
export async function dailyTimeHistograms(em: EntityManager, span: HourSpan, timezone: string): Promise<TimeHistograms> {
  return new TimeHistograms((await sumsByLocal(em, span, timezone, 'day', ['first_resp'])).map((r) => ({ ...r, key: String(r.at) })));
}
