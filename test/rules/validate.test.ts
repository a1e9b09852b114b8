import { compileRuleset, findConflicts, RulesetError, validateRule, validateRuleset } from '../../rules';
import type { RuleDef } from '../../rules/types';
import { cloneSource } from './support';

const rule = (over: Partial<RuleDef>): RuleDef => ({
  id: 'r1', name: 'test', enabled: true, priority: 0, match: { kind: 'contains', patterns: ['发票'] }, action: 'faq', reply: '可以开发票', ...over,
});

describe('validateRuleset', () => {
  test('the demo defaults are valid and have no conflicts', () => {
    expect(validateRuleset(cloneSource())).toEqual([]);
  });

  test('a required template missing is an error and compileRuleset throws RulesetError', () => {
    const source = cloneSource();
    source.templates = source.templates.filter((t) => t.key !== 'handoff_ack');
    expect(validateRuleset(source)).toEqual([{ path: 'templates', message: expect.stringContaining('"handoff_ack" is required') }]);
    expect(() => compileRuleset(source)).toThrow(RulesetError);
  });

  test('settings are checked: time zone, hours, threshold', () => {
    const source = cloneSource();
    source.settings.timezone = 'Mars/Olympus';
    source.settings.businessHours['3'] = ['18:00', '09:00'];
    source.settings.intentThreshold = 1.5;
    expect(validateRuleset(source).map((p) => p.path)).toEqual(['settings.timezone', 'settings.businessHours.3', 'settings.intentThreshold']);
  });

  test('a menu key must be one digit or capital letter and unique', () => {
    const source = cloneSource();
    source.templates[0].menu = [{ key: '1', action: 'appointment.confirm' }, { key: '1', action: 'handoff' }, { key: 'yes', action: 'appointment.confirm' }];
    expect(validateRuleset(source).map((p) => p.message)).toEqual([
      'option "1" appears twice', 'a menu key is one digit or one capital letter',
    ]);
  });

  test('phrases must name a known intent', () => {
    const source = cloneSource();
    source.intentPhrases.push({ intent: 'refund', text: '退钱' });
    expect(validateRuleset(source)).toEqual([expect.objectContaining({ message: expect.stringContaining('unknown intent "refund"') })]);
  });
});

describe('validateRule', () => {
  const source = cloneSource();
  test.each([
    ['an invalid regex', rule({ match: { kind: 'regex', patterns: ['(unclosed'] } }), 'invalid regular expression'],
    ['a regex that matches everything', rule({ match: { kind: 'regex', patterns: ['.*'] } }), 'matches every message'],
    ['a short fuzzy pattern', rule({ match: { kind: 'fuzzy', patterns: ['top'] } }), 'fuzzy patterns need'],
    ['a one-character Chinese fuzzy pattern', rule({ match: { kind: 'fuzzy', patterns: ['改'] } }), 'fuzzy patterns need'],
    ['an unknown intent pattern', rule({ match: { kind: 'intent', patterns: ['refund'] } }), 'unknown intent'],
    ['a FAQ without a reply', rule({ reply: undefined }), 'needs a reply'],
    ['both a reply and a template', rule({ replyTemplate: 'help' }), 'not both'],
    ['a missing reply template', rule({ reply: undefined, replyTemplate: 'nope' }), 'no template "nope"'],
    ['an unknown variable in the reply', rule({ reply: '{{contact.nam}}' }), 'unknown variable "contact.nam"'],
    ['a menu condition on a template without a menu', rule({ conditions: { awaitingMenu: 'help' } }), 'with a menu'],
    ['an action only a menu can take', rule({ action: 'slot.choose' }), 'cannot take action'],
    ['an empty pattern', rule({ match: { kind: 'exact', patterns: ['  '] } }), 'empty pattern'],
  ])('rejects %s', (_d, r, message) => {
    expect(validateRule(r, source)).toEqual([expect.objectContaining({ message: expect.stringContaining(message) })]);
  });

  test('accepts a well-formed rule', () => {
    expect(validateRule(rule({}), source)).toEqual([]);
  });
});

describe('findConflicts', () => {
  test('a rule on a consent keyword can never fire (otherRuleId null)', () => {
    const conflicts = findConflicts([rule({ match: { kind: 'exact', patterns: ['退订'] } }), rule({ id: 'r2', match: { kind: 'contains', patterns: ['STOP'] } })]);
    expect(conflicts).toEqual([expect.objectContaining({ ruleId: 'r1', otherRuleId: null, pattern: '退订' })]);
  });

  test('a contains rule on a consent phrase conflicts; one merely containing a short code does not', () => {
    const conflicts = findConflicts([rule({ match: { kind: 'contains', patterns: ['拒收', 'td'] } })]);
    expect(conflicts.map((c) => c.pattern)).toEqual(['拒收']);
  });

  test('a bare 取消 rule is shadowed outside appointment menus', () => {
    expect(findConflicts([rule({ match: { kind: 'exact', patterns: ['取消'] } })])[0].message).toContain('outside an appointment menu');
  });

  test('two rules claiming the same pattern with different outcomes conflict, whatever the spelling', () => {
    const conflicts = findConflicts([
      rule({ id: 'a', match: { kind: 'contains', patterns: ['發票'] } }),
      rule({ id: 'b', match: { kind: 'contains', patterns: ['发票'] }, action: 'handoff', reply: undefined }),
    ]);
    expect(conflicts).toEqual([expect.objectContaining({ ruleId: 'b', otherRuleId: 'a', pattern: '发票' })]);
  });

  test('rules for different menus or different hours do not conflict; an unconditioned rule overlaps both', () => {
    const source = cloneSource();
    expect(findConflicts([
      rule({ id: 'a', conditions: { businessHours: 'open' } }),
      rule({ id: 'b', conditions: { businessHours: 'closed' }, reply: '明天回复您' }),
      rule({ id: 'c', conditions: { awaitingMenu: 'appointment_reminder' }, reply: 'x' }),
      rule({ id: 'd', conditions: { awaitingMenu: 'csat_survey' }, reply: 'y' }),
    ]).map((c) => `${c.ruleId}-${c.otherRuleId}`)).toEqual(['c-a', 'c-b', 'd-a', 'd-b']);
    expect(validateRuleset({ ...source, rules: [rule({ id: 'a' }), rule({ id: 'b', reply: 'other' })] }))
      .toEqual([expect.objectContaining({ severity: 'warning' })]);
  });
});
