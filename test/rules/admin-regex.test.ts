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
    expect(problemsOf(pattern)).toEqual([{ path: 'rules.r1.match.patterns[0]', message: expect.stringContaining(words), issue: expect.objectContaining({ reason: 'unsupported' }) }]);
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

describe('a pattern that does not compile says why and where, as data the editor can word', () => {
  const issueOf = (pattern: string) => problemsOf(pattern)[0]?.issue;

  test.each([
    ['(预约', 'unclosed_group', 0],
    ['牙(疼|(痛)', 'unclosed_group', 1],
    ['牙疼)', 'unmatched_paren', 2],
    ['[牙疼', 'unclosed_class', 0],
    ['牙[z-a]', 'bad_class', 2],
    ['*预约', 'bad_repetition', 0],
    ['预约**', 'bad_repetition', 3],
    ['a{2,1}', 'bad_repetition', 1],
    ['预约\\q', 'bad_escape', 2],
    ['预约\\', 'bad_escape', 2],
    ['(?i', 'bad_group', 0],
    ['🦷(疼', 'unclosed_group', 1],
  ])('%s: %s at character %i', (pattern, reason, index) => {
    expect(issueOf(pattern)).toEqual({ code: 'invalid_regex', reason, index, pattern });
  });

  test.each([
    ['(a)\\1', 'backreference', 3],
    ['(?<t>a)\\k<t>', 'named_backreference', 7],
    ['牙(?=疼)', 'lookahead', 1],
    ['牙(?!疼)', 'negative_lookahead', 1],
    ['(?<=牙)疼', 'lookbehind', 0],
    ['(?<!牙)疼', 'negative_lookbehind', 0],
    ['(?>a|ab)c', 'atomic_group', 0],
    ['a++b', 'possessive', 2],
  ])('%s is unsupported (%s) at character %i', (pattern, construct, index) => {
    expect(issueOf(pattern)).toEqual({ code: 'invalid_regex', reason: 'unsupported', construct, index, pattern });
  });

  test('a pattern written with \\u escapes points into what the admin wrote, not what RE2 saw', () => {
    expect(issueOf('\\u4e00(')).toMatchObject({ reason: 'unclosed_group', index: 6, pattern: '\\u4e00(' });
  });

  test('problems that are not syntax (too large, matches everything) carry no issue', () => {
    expect(issueOf('^.{1000}$')).toBeUndefined();
    expect(issueOf('.*')).toBeUndefined();
  });
});
