import { evaluate } from '../../rules';
import { describeMiss, loadCorpus, runCorpus } from './corpus-runner';
import { defaultRuleset, inputFor } from './support';

/**
 * The labelled corpus of realistic replies (test/rules/corpus/*.json): simplified and traditional Chinese,
 * English, mixed, typos, full-width, emoji, negations, questions, out-of-menu numbers and hostile text, in every
 * context. Written apart from the training phrases in server/db/seed/rules-defaults.ts.
 */
describe('understanding corpus', () => {
  const cases = loadCorpus();
  const ruleset = defaultRuleset();
  const report = runCorpus(cases, (c) => {
    const d = evaluate(ruleset, inputFor(ruleset, c));
    return { action: d.action, params: d.params };
  });

  test('has at least 400 labelled replies across every context', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((c) => c.context))).toEqual(new Set(['reminder', 'csat', 'slot', 'none']));
  });

  test('takes no wrong side-effecting action', () => {
    expect(report.wrongSideEffects.map(describeMiss)).toEqual([]);
  });

  test('understands at least 99% of replies', () => {
    if (report.accuracy < 0.99) console.log(report.misses.map(describeMiss).join('\n'));
    expect(report.accuracy).toBeGreaterThanOrEqual(0.99);
  });
});
