/** The median and 90th percentile of a time metric, in calendar and in business seconds, and how many values made them. */
export interface Timing {
  medianSeconds: number | null;
  p90Seconds: number | null;
  businessMedianSeconds: number | null;
  businessP90Seconds: number | null;
  count: number;
}

/**
 * The p-th percentile (0–1) by linear interpolation between closest ranks, as Excel's PERCENTILE.INC and numpy's
 * default compute it (so a manager can check an exported CSV by hand), rounded to the nearest second; null for no
 * values — never 0, which would read as "answered at once".
 * @example percentile([60, 120], 0.5) // → 90
 * @example percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9) // → 91
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** percentile of values already in ascending order (a typed array sorts numbers natively, many times faster). */
function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return Math.round(sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below));
}

/** A Timing from measured values, each in calendar and in business seconds. */
export function timingOf(values: ReadonlyArray<{ seconds: number; businessSeconds: number }>): Timing {
  // Each sorted once for both percentiles, straight from the values: a year's first responses are tens of thousands,
  // read four times over (in total, per day, per language, per agent).
  const calendar = new Float64Array(values.length);
  const business = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) { calendar[i] = values[i]!.seconds; business[i] = values[i]!.businessSeconds; }
  calendar.sort();
  business.sort();
  return {
    medianSeconds: percentileOfSorted(calendar, 0.5), p90Seconds: percentileOfSorted(calendar, 0.9),
    businessMedianSeconds: percentileOfSorted(business, 0.5), businessP90Seconds: percentileOfSorted(business, 0.9), count: values.length,
  };
}

/** A share of a count, 0–1; null when there is nothing to share (never NaN). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
