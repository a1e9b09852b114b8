/**
 * A share as a fraction 0–1, or null when nothing was counted under it: a rate over nothing is unknown, never NaN
 * and never a made-up 0.
 * @example rate(1, 4) // → 0.25
 * @example rate(0, 0) // → null
 */
export const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The mean of some numbers, null for none. */
export const mean = (values: number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);

/**
 * Money to a ten-thousandth of the currency: one SMS part costs a few fen, so cents would round a reminder's cost to
 * nothing, and the float noise of 3 × 0.045 (0.13499999999999998) is not a figure anyone should see.
 */
export const money = (amount: number): number => Math.round(amount * 10_000) / 10_000;

/** Counts of things by a key, every key of `keys` present (0 when none), in that order. */
export function countBy<K extends string>(keys: readonly K[], items: Iterable<K>): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const k of items) counts[k] += 1;
  return counts;
}
