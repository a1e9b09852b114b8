import type { EntityManager } from 'typeorm';
import { exactSpan, sumsBy, type HourSpan, type RollupSum } from './rollup-read';
import { addToHistogram, TIME_PRECISION, timingOfHistograms, type Histogram } from './time-histogram';
import type { Timing } from './timing';

/**
 * Where the conversation headline's medians and the conversations report's resolution times come from
 * (conversation-headline.ts, conversation-figures.ts). Up to EXACT_TIMES_DAYS they are exact, from the episodes' own
 * values (a month — what the page opens on — is a few thousand rows, and can be checked by hand against the CSV); a
 * longer range with whole-hour edges reads the times' histograms (episode-rollups.ts, time-histogram.ts), within 4 %:
 * at a million messages a year's headline took 24 ms from the histograms' month rows against 86 ms from the values on
 * MariaDB, 11 ms against 160 ms on SQLite (scripts/bench/conversation-reports.ts, a loaded machine). A range whose
 * edges are not whole UTC hours (a :30 or :45 zone) stays exact at any length, as the counts do.
 */
export const EXACT_TIMES_DAYS = 31;
const DAY = 86_400_000;

/** The relative precision of a range's times: 0 when exact, else TIME_PRECISION (the API's `precision`). */
export type TimePrecision = 0 | typeof TIME_PRECISION;

/** The span to read the headline's time histograms over, or null to read the episodes' values. */
export const histogramSpan = (range: { start: Date; end: Date }): HourSpan | null =>
  (range.end.getTime() - range.start.getTime() > EXACT_TIMES_DAYS * DAY + 3_600_000 ? exactSpan(range) : null);   // an hour's slack for the autumn's extra hour

export type Measured = 'first_resp' | 'resolution';

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

async function histogramsOf(em: EntityManager, span: HourSpan, dim: 'time' | 'agent', kinds: Measured[]): Promise<TimeHistograms> {
  return new TimeHistograms((await sumsBy(em, span, dim, kinds)).map((r) => ({ ...r, key: r.value })));
}

/** The range's time histograms in total (key ''), of every measured kind or of those named. */
export const timeHistograms = (em: EntityManager, span: HourSpan, kinds: Measured[] = MEASURED) => histogramsOf(em, span, 'time', kinds);

/** The range's resolution times per resolving agent (key: the agent's id). */
export const agentResolutionHistograms = (em: EntityManager, span: HourSpan) => histogramsOf(em, span, 'agent', ['resolution']);
