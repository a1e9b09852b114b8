import type { Timing } from './timing';

/**
 * Time values (whole seconds) counted in fixed log-spaced buckets, so medians and p90 of a long range are read from
 * summed counts instead of every episode's row. Pure.
 *
 * Bucket 0 holds 0 s; bucket k ≥ 1 holds the whole seconds from ⌈R^(k−1)⌉ up to the next bucket's first, R = 1 + TIME_PRECISION.
 * Up to 25 s every second has a bucket of its own (exact); a year is bucket ~440. A percentile read from the buckets
 * interpolates within the bucket holding each rank, so each order statistic is off by less than its bucket's width,
 * itself under TIME_PRECISION of the value: the median and p90 are within TIME_PRECISION (4 %) of the exact
 * PERCENTILE.INC, plus the rounding to a whole second.
 */
export const TIME_PRECISION = 0.04;
const R = 1 + TIME_PRECISION;
const LN_R = Math.log(R);

/** The first whole second of bucket k. */
const firstOf = (k: number) => (k <= 0 ? 0 : Math.ceil(R ** (k - 1) - 1e-9));

/**
 * @example timeBucket(0) // → 0
 * @example timeBucket(60) // → 105 (60 s and 61 s)
 */
export function timeBucket(seconds: number): number {
  if (seconds < 1) return 0;
  let k = 1 + Math.floor(Math.log(seconds) / LN_R);
  while (firstOf(k + 1) <= seconds) k++;
  while (k > 1 && firstOf(k) > seconds) k--;
  return k;
}

/** The whole seconds bucket k holds, first and last. */
export function bucketBounds(k: number): [number, number] {
  if (k <= 0) return [0, 0];
  let next = k + 1;
  while (firstOf(next) <= firstOf(k)) next++;
  return [firstOf(k), firstOf(next) - 1];
}

/** Counts per bucket. */
export type Histogram = Map<number, number>;

export const histogramCount = (h: Histogram) => { let n = 0; for (const c of h.values()) n += c; return n; };

/** Adds `n` values of bucket `k`. */
export function addToHistogram(h: Histogram, k: number, n: number): Histogram {
  const total = (h.get(k) ?? 0) + n;
  if (total) h.set(k, total); else h.delete(k);
  return h;
}

/**
 * The p-th percentile (0–1) as timing.ts percentile computes it from the values, read from their buckets: the values of
 * a bucket taken as spread evenly over its seconds. Null for no values.
 */
export function percentileOfHistogram(h: Histogram, p: number): number | null {
  const buckets = [...h.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const n = buckets.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const valueAt = (i: number): number => {
    let before = 0;
    for (const [k, c] of buckets) {
      if (i < before + c) {
        const [lo, hi] = bucketBounds(k);
        return c === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * (i - before)) / (c - 1);
      }
      before += c;
    }
    return bucketBounds(buckets[buckets.length - 1]![0])[1];
  };
  const rank = p * (n - 1);
  const below = Math.floor(rank);
  const low = valueAt(below);
  return Math.round(low + (valueAt(Math.min(below + 1, n - 1)) - low) * (rank - below));
}

/** A Timing from the calendar and business histograms of the same values. */
export function timingOfHistograms(calendar: Histogram, business: Histogram): Timing {
  return {
    medianSeconds: percentileOfHistogram(calendar, 0.5), p90Seconds: percentileOfHistogram(calendar, 0.9),
    businessMedianSeconds: percentileOfHistogram(business, 0.5), businessP90Seconds: percentileOfHistogram(business, 0.9),
    count: histogramCount(calendar),
  };
}
