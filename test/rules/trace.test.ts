import { evaluate } from '../../rules';
import { defaultRuleset, inputFor } from './support';

describe('the trace explains every decision', () => {
  test('an intent decision names its stage, scores, runner-up, text and versions', () => {
    const ruleset = defaultRuleset();
    const d = evaluate(ruleset, inputFor(ruleset, { text: '能不能改到週四上午？', context: 'reminder' }));
    expect(d.trace).toMatchObject({
      stage: 'intent', original: '能不能改到週四上午？', normalized: '能不能改到周四上午 ?', rulesetVersion: 'seed',
      modelVersion: expect.stringMatching(/^nb-\d+-[0-9a-f]{8}$/),
      intent: { name: 'reschedule', score: expect.any(Number), runnerUp: { name: expect.any(String), score: expect.any(Number) } },
    });
    expect(d.trace.steps.map((s) => s.stage)).toEqual(['compliance', 'urgent', 'awaiting-reply', 'keywords', 'intent']);
    expect(d).toMatchObject({ intent: 'reschedule', confidence: d.trace.intent!.score });
    expect(d.params).toMatchObject({ when: '2025-11-27T01:00:00.000Z', whenPrecision: 'part_of_day' });
  });

  test('a rule decision names the rule', () => {
    const ruleset = defaultRuleset();
    const d = evaluate(ruleset, inputFor(ruleset, { text: '转人工' }));
    expect(d.trace).toMatchObject({ stage: 'keywords', ruleId: 'handoff-agent', ruleName: '转人工' });
    expect(d.ruleId).toBe('handoff-agent');
  });

  test('a menu decision names the menu and the option', () => {
    const ruleset = defaultRuleset();
    const d = evaluate(ruleset, inputFor(ruleset, { text: 'B吧', context: 'slot' }));
    expect(d.trace.menu).toEqual({ name: 'reschedule_offer', option: 'B' });
  });

  test('a low-confidence hand-off still shows what the classifier thought', () => {
    const ruleset = defaultRuleset();
    const d = evaluate(ruleset, inputFor(ruleset, { text: '我再想想', context: 'reminder' }));
    expect(d.action).toBe('handoff');
    expect(d.trace.stage).toBe('handoff');
    expect(d.trace.steps.at(-1)?.outcome).toMatch(/^(low_confidence|no_match): /);
  });

  test('the same input always gives the same decision', () => {
    const ruleset = defaultRuleset();
    const input = inputFor(ruleset, { text: '别取消，我到时候去', context: 'reminder' });
    expect(evaluate(ruleset, input)).toEqual(evaluate(ruleset, input));
  });
});
