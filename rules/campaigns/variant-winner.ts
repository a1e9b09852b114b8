/**
 * Picks an A/B test's winner (issue 16): the variant with the best rate against all the others pooled, by a two-sided
 * two-proportion z-test. Significant at p < `alpha` → that variant, because the data says so; otherwise still the
 * best by raw rate ("the best sent to the rest when nothing is significant"), flagged as not significant. Pure.
 */

/** One variant's test share: texts that went out and how many of them led to the goal (a reply, a click, a booking). */
export interface VariantTally { key: string; sent: number; successes: number }

/** Why that variant won, as a code and the numbers behind it, so each page words it in its reader's language. */
export type WinnerReasonCode =
  /** Its rate beat the rest's with p < alpha. */
  | 'significant'
  /** No variant did significantly better: the best by raw rate was sent anyway. */
  | 'not_significant'
  /** No variant led to the goal even once: nothing to tell them apart, so the largest test (then the first key) won. */
  | 'no_successes';

export interface WinnerReason {
  code: WinnerReasonCode;
  /** The winner's test share and the other variants' pooled: texts sent and how many reached the goal. */
  best: { sent: number; successes: number };
  rest: { sent: number; successes: number };
  /** The significance level the p-value was held against. */
  alpha: number;
}

export interface WinnerChoice {
  key: string;
  /** Two-sided p of "the best's rate equals the rest's"; 1 when there is nothing to compare. */
  pValue: number;
  significant: boolean;
  reason: WinnerReason;
}

/** Standard normal CDF through erf (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7: ample for p at 0.05). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-sided p-value of a two-proportion z-test with the pooled rate: are s1/n1 and s2/n2 the same rate?
 * @example twoProportionPValue(30, 100, 10, 100) // → ≈ 0.0004
 */
export function twoProportionPValue(s1: number, n1: number, s2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 1;
  const pooled = (s1 + s2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = (s1 / n1 - s2 / n2) / se;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

const rate = (t: { sent: number; successes: number }) => (t.sent ? t.successes / t.sent : 0);

/**
 * The winner among at least one variant: best raw rate first (a tie goes to the larger sample, then the first key),
 * tested against the rest pooled.
 * @example chooseWinner([{ key: 'A', sent: 100, successes: 30 }, { key: 'B', sent: 100, successes: 10 }])
 *          // → { key: 'A', pValue: ≈0.0004, significant: true,
 *          //     reason: { code: 'significant', best: { sent: 100, successes: 30 }, rest: { sent: 100, successes: 10 }, alpha: 0.05 } }
 */
export function chooseWinner(tallies: VariantTally[], alpha = 0.05): WinnerChoice {
  if (!tallies.length) throw new Error('chooseWinner needs at least one variant');
  const ranked = [...tallies].sort((a, b) => rate(b) - rate(a) || b.sent - a.sent || a.key.localeCompare(b.key));
  const top = ranked[0]!;
  const best = { sent: top.sent, successes: top.successes };
  const rest = ranked.slice(1).reduce((sum, t) => ({ sent: sum.sent + t.sent, successes: sum.successes + t.successes }), { sent: 0, successes: 0 });
  const pValue = twoProportionPValue(best.successes, best.sent, rest.successes, rest.sent);
  const significant = pValue < alpha && rate(best) > rate(rest);
  const code = significant ? 'significant' : best.successes + rest.successes === 0 ? 'no_successes' : 'not_significant';
  return { key: top.key, pValue, significant, reason: { code, best, rest, alpha } };
}
