/**
 * The comparison with the previous period beside each figure: an arrow for the direction, coloured by whether that
 * direction is good for this figure (more deliveries good, more opt-outs bad, more inbound texts neither). Pure
 * (test/ui/report-compare.test.ts).
 */
export type Better = 'higher' | 'lower' | 'neither';
export type Tone = 'good' | 'bad' | 'neutral';

export interface Comparison {
  /** ▲ up, ▼ down, ＝ unchanged, '' nothing to compare (either side has no value). */
  arrow: '▲' | '▼' | '＝' | '';
  tone: Tone;
  /** current − previous; null when either is missing. */
  delta: number | null;
}

/** Closer than this counts as unchanged: rates are fractions whose float noise must not show as a change. */
const EPSILON = 1e-9;

/**
 * @example compare(0.97, 0.99, 'higher') // → { arrow: '▼', tone: 'bad', delta: -0.02 (about) }
 * @example compare(5, null, 'lower')     // → { arrow: '', tone: 'neutral', delta: null }
 */
export function compare(current: number | null | undefined, previous: number | null | undefined, better: Better): Comparison {
  if (current === null || current === undefined || previous === null || previous === undefined) return { arrow: '', tone: 'neutral', delta: null };
  const delta = current - previous;
  if (Math.abs(delta) < EPSILON) return { arrow: '＝', tone: 'neutral', delta: 0 };
  const up = delta > 0;
  const tone: Tone = better === 'neither' ? 'neutral' : up === (better === 'higher') ? 'good' : 'bad';
  return { arrow: up ? '▲' : '▼', tone, delta };
}
