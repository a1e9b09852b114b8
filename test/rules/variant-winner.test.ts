import { chooseWinner, normalCdf, twoProportionPValue } from '../../rules/campaigns/variant-winner';
import { inTestShare, pickVariant } from '../../rules/campaigns/variant-split';

describe('the A/B winner', () => {
  it('computes the two-proportion z-test as the textbook does', () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 5);
    // 30/100 vs 10/100: pooled 0.2, se 0.05657, z 3.5355 → p ≈ 0.000407.
    expect(twoProportionPValue(30, 100, 10, 100)).toBeCloseTo(0.000407, 5);
    // 12/100 vs 10/100: pooled 0.11, se 0.04425, z 0.452 → p ≈ 0.651.
    expect(twoProportionPValue(12, 100, 10, 100)).toBeCloseTo(0.6513, 3);
    expect(twoProportionPValue(0, 50, 0, 50)).toBe(1);
    expect(twoProportionPValue(3, 0, 1, 10)).toBe(1);
  });

  it('picks the best variant as significant when it clearly beats the rest pooled', () => {
    const choice = chooseWinner([{ key: 'A', sent: 100, successes: 10 }, { key: 'B', sent: 100, successes: 30 }, { key: 'C', sent: 100, successes: 11 }]);
    expect(choice).toMatchObject({ key: 'B', significant: true });
    expect(choice.pValue).toBeLessThan(0.05);
    // A code and the counts behind it, for each page to word in its reader's language.
    expect(choice.reason).toEqual({ code: 'significant', best: { sent: 100, successes: 30 }, rest: { sent: 200, successes: 21 }, alpha: 0.05 });
  });

  it('still names the best by raw rate when nothing is significant, and says so', () => {
    const choice = chooseWinner([{ key: 'A', sent: 100, successes: 10 }, { key: 'B', sent: 100, successes: 12 }]);
    expect(choice).toMatchObject({ key: 'B', significant: false });
    expect(choice.pValue).toBeGreaterThan(0.05);
    expect(choice.reason).toEqual({ code: 'not_significant', best: { sent: 100, successes: 12 }, rest: { sent: 100, successes: 10 }, alpha: 0.05 });
  });

  it('breaks a tie by the larger sample, then the first key', () => {
    expect(chooseWinner([{ key: 'A', sent: 10, successes: 1 }, { key: 'B', sent: 20, successes: 2 }]).key).toBe('B');
    expect(chooseWinner([{ key: 'B', sent: 0, successes: 0 }, { key: 'A', sent: 0, successes: 0 }])).toMatchObject({ key: 'A', pValue: 1, significant: false });
  });

  it('says when no variant reached the goal at all, rather than calling the pick the best', () => {
    expect(chooseWinner([{ key: 'A', sent: 10, successes: 0 }, { key: 'B', sent: 12, successes: 0 }])).toEqual({
      key: 'B', pValue: 1, significant: false, reason: { code: 'no_successes', best: { sent: 12, successes: 0 }, rest: { sent: 10, successes: 0 }, alpha: 0.05 },
    });
  });
});

describe('the A/B split', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => i + 1);

  it('puts about the test share in the test, the same contacts every time, others in another campaign', () => {
    const inTest = ids.filter((id) => inTestShare(7, id, 20));
    expect(inTest.length / ids.length).toBeGreaterThan(0.19);
    expect(inTest.length / ids.length).toBeLessThan(0.21);
    expect(ids.filter((id) => inTestShare(7, id, 20))).toEqual(inTest);
    const other = new Set(ids.filter((id) => inTestShare(8, id, 20)));
    expect(inTest.filter((id) => other.has(id)).length).toBeLessThan(inTest.length * 0.3);
    expect(ids.every((id) => inTestShare(7, id, 100))).toBe(true);
  });

  it('splits the test by weight', () => {
    const variants = [{ key: 'A', weight: 1 }, { key: 'B', weight: 3 }] as const;
    const b = ids.filter((id) => pickVariant(7, id, variants) === 'B').length / ids.length;
    expect(b).toBeGreaterThan(0.73);
    expect(b).toBeLessThan(0.77);
  });
});
