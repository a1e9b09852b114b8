import { bucketBounds, percentileOfHistogram, timeBucket, addToHistogram, TIME_PRECISION } from '../../../server/reports/time-histogram';
import { percentile } from '../../../server/reports/timing';

describe('the time histograms behind a long range\'s medians', () => {
  test.each([[0, 0], [1, 1], [60, 105], [31_536_000, 441]])('%d s is in bucket %d', (seconds, bucket) => expect(timeBucket(seconds)).toBe(bucket));

  it('puts every second in a bucket that holds it and is under 4 % wide', () => {
    for (let s = 0; s < 500_000; s += s < 2000 ? 1 : 97) {
      const [lo, hi] = bucketBounds(timeBucket(s));
      expect(s >= lo && s <= hi && hi - lo <= TIME_PRECISION * lo).toBe(true);
    }
  });

  it('reads medians and p90 within 4 % (and the second it rounds to) of the exact ones', () => {
    let seed = 17;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 2000) }, () => Math.round(Math.exp(random() * 14)));
      const h = new Map<number, number>();
      for (const v of values) addToHistogram(h, timeBucket(v), 1);
      for (const p of [0.5, 0.9]) {
        const exact = percentile(values, p)!;
        expect(Math.abs(percentileOfHistogram(h, p)! - exact)).toBeLessThanOrEqual(TIME_PRECISION * exact + 1);
      }
    }
  });

  it('is exact for a handful of short times, and says nothing for none', () => {
    const h = new Map<number, number>();
    for (const v of [5, 9, 12, 20]) addToHistogram(h, timeBucket(v), 1);
    expect([percentileOfHistogram(h, 0.5), percentileOfHistogram(h, 0.9)]).toEqual([percentile([5, 9, 12, 20], 0.5), percentile([5, 9, 12, 20], 0.9)]);
    expect(percentileOfHistogram(new Map(), 0.5)).toBeNull();
  });
});
