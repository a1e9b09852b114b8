import { compileRuleset, evaluate, validateRule, validateRuleset } from '../../rules';
import type { RuleDef } from '../../rules/types';
import { toRe2Syntax } from '../../rules/keywords/admin-regex';
import { cloneSource, inputFor } from './support';

const regexRule = (id: string, patterns: string[]): RuleDef => ({
  id, name: id, enabled: true, priority: 0, match: { kind: 'regex', patterns }, action: 'faq', reply: `answer ${id}`,
});

function decide(rules: RuleDef[], text: string) {
  const source = cloneSource();
  source.rules = rules;
  const ruleset = compileRuleset(source);
  return evaluate(ruleset, inputFor(ruleset, { text }));
}

const problemsOf = (pattern: string) => validateRule(regexRule('r1', [pattern]), cloneSource());

describe('admin regexes run on a linear-time engine (RE2)', () => {
  test('a pattern that makes a backtracking engine run for ages decides at once, matching or not', () => {
    // With Node's RegExp, 40 "a"s and a "b" against ^(a+)+$ takes about 2^40 steps: this test would never return.
    const rules = [regexRule('evil', ['^(a+)+$'])];
    expect(decide(rules, `${'a'.repeat(40)}b`).ruleId).not.toBe('evil');
    expect(decide(rules, 'a'.repeat(40)).ruleId).toBe('evil');
  });

  test('several evil patterns share one prefilter and still decide at once', () => {
    const rules = [regexRule('one', ['^(a+)+$', '(x+x+)+y']), regexRule('two', ['^(\\w+\\s?)+$'])];
    expect(decide(rules, `${'x'.repeat(50)}z`).ruleId).toBe('two');
    expect(decide(rules, `${'a'.repeat(60)}牙`).ruleId).toBeUndefined();
  });

  test('Chinese, emoji and upper case match as they did with the old engine', () => {
    expect(decide([regexRule('han', ['^\\p{Script=Han}{2}酸$'])], '牙牙酸').ruleId).toBe('han');
    expect(decide([regexRule('range', ['[\\u4e00-\\u9fa5]+停车'])], '请问停车').ruleId).toBe('range');
    expect(decide([regexRule('emoji', ['^\\u{1F9B7}.?$'])], '🦷?').ruleId).toBe('emoji');
    expect(decide([regexRule('pair', ['\\ud83e\\uddb7'])], '我的🦷').ruleId).toBe('pair');
    expect(decide([regexRule('case', ['^wi-?fi\\b'])], 'WIFI password').ruleId).toBe('case');
    expect(decide([regexRule('any', ['^订单.$'])], '订单🦷').ruleId).toBe('any');
  });

  test('when several regex rules match, priority still decides, and patterns may reuse a group name', () => {
    const low = regexRule('low', ['(?<n>订单)\\d+']);
    const high = { ...regexRule('high', ['^(?<n>订单)\\s*\\d{5}$']), priority: 5 };
    expect(decide([low, high], '订单 12345').ruleId).toBe('high');
    expect(decide([low, high], '我的订单123').ruleId).toBe('low');
  });

  test('a pattern anchored with ^ beside an unanchored alternative still finds the alternative', () => {
    const rules = [regexRule('a', ['^hours|opening']), regexRule('b', ['^parking'])];
    expect(decide(rules, 'what is the opening time').ruleId).toBe('a');
  });

  test.each([
    ['(a)\\1', 'backreferences (\\1) are not supported'],
    ['(?<tooth>a)\\k<tooth>', 'named backreferences (\\k<name>) are not supported'],
    ['牙(?=疼)', 'lookahead (?=…) is not supported'],
    ['牙(?!疼)', 'negative lookahead (?!…) is not supported'],
    ['(?<=牙)疼', 'lookbehind (?<=…) is not supported'],
    ['(?<!牙)疼', 'negative lookbehind (?<!…) is not supported'],
    ['(?>a|ab)c', 'atomic groups (?>…) are not supported'],
    ['a++b', 'possessive quantifiers (++) are not supported'],
  ])('%s is refused at save, naming the construct', (pattern, words) => {
    expect(problemsOf(pattern)).toEqual([{ path: 'rules.r1.match.patterns[0]', message: expect.stringContaining(words) }]);
  });

  test('a pattern so large that each character of a message costs hundreds of steps is refused', () => {
    expect(problemsOf('^.{1000}$')).toEqual([expect.objectContaining({ message: expect.stringContaining('too large') })]);
    expect(problemsOf('^\\d{5}$')).toEqual([]);
  });

  test('regex rules that are large together are refused on the pattern that passes the budget', () => {
    const source = cloneSource();
    source.rules = Array.from({ length: 13 }, (_, i) => regexRule(`big${i}`, [`[\\s\\S]{400}${String.fromCharCode(0x4e00 + i)}`]));
    expect(validateRuleset(source)).toEqual([
      { path: 'rules.big12.match.patterns[0]', message: expect.stringContaining('the regex rules together are too large') },
    ]);
    source.rules[12].enabled = false;
    expect(validateRuleset(source)).toEqual([]);
  });

  test('JavaScript spellings become RE2 ones; an escaped backslash is left alone', () => {
    expect(toRe2Syntax('[\\u4e00-\\u9fa5]+')).toBe('[\\x{4e00}-\\x{9fa5}]+');
    expect(toRe2Syntax('\\p{Script=Han}\\P{sc=Latin}')).toBe('\\p{Han}\\P{Latin}');
    expect(toRe2Syntax('\\\\u4e00')).toBe('\\\\u4e00');
  });
});
