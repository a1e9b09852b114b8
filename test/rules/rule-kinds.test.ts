import { compileRuleset, evaluate } from '../../rules';
import type { RuleDef } from '../../rules/types';
import { AFTER_HOURS, cloneSource, inputFor, NOW, type EngineCase } from './support';

const rule = (id: string, over: Partial<RuleDef>): RuleDef => ({
  id, name: id, enabled: true, priority: 0, match: { kind: 'contains', patterns: ['发票'] }, action: 'faq', reply: `answer ${id}`, ...over,
});

function rulesetWith(rules: RuleDef[]) {
  const source = cloneSource();
  source.rules = rules;
  return compileRuleset(source);
}

function decide(rules: RuleDef[], text: string, extra: Partial<Omit<EngineCase, 'expected' | 'description' | 'text'>> = {}) {
  const ruleset = rulesetWith(rules);
  return evaluate(ruleset, inputFor(ruleset, { text, ...extra }));
}

describe('keyword rule kinds and precedence', () => {
  test('exact beats contains beats regex beats fuzzy, whatever the priority', () => {
    const rules = [
      rule('fuzzy', { match: { kind: 'fuzzy', patterns: ['开发票'] }, priority: 99 }),
      rule('regex', { match: { kind: 'regex', patterns: ['发.$'] }, priority: 50 }),
      rule('contains', { match: { kind: 'contains', patterns: ['发票'] }, priority: 10 }),
      rule('exact', { match: { kind: 'exact', patterns: ['开发票'] } }),
    ];
    expect(decide(rules, '开发票').ruleId).toBe('exact');
    expect(decide(rules, '能开发票吗').ruleId).toBe('contains');
    expect(decide(rules.slice(0, 2), '怎么开发票').ruleId).toBe('regex');
    expect(decide(rules.slice(0, 1), '开发飘').ruleId).toBe('fuzzy');
  });

  test('within a kind, priority wins, then the longer pattern', () => {
    expect(decide([rule('low', {}), rule('high', { priority: 5 })], '发票').ruleId).toBe('high');
    expect(decide([rule('short', {}), rule('long', { match: { kind: 'contains', patterns: ['电子发票'] } })], '要电子发票').ruleId).toBe('long');
  });

  test('fuzzy Chinese matches by sound, fuzzy English by a small edit', () => {
    const rules = [rule('zh', { match: { kind: 'fuzzy', patterns: ['种植牙'] } }), rule('en', { match: { kind: 'fuzzy', patterns: ['whitening'] } })];
    expect(decide(rules, '种殖牙').ruleId).toBe('zh');
    expect(decide(rules, 'whitenning').ruleId).toBe('en');
  });

  test('conditions: business hours, tags and the awaited menu', () => {
    const open = rule('open', { conditions: { businessHours: 'open' } });
    const closed = rule('closed', { conditions: { businessHours: 'closed' } });
    expect(decide([open, closed], '发票', { now: NOW }).ruleId).toBe('open');
    expect(decide([open, closed], '发票', { now: AFTER_HOURS }).ruleId).toBe('closed');
    const vip = rule('vip', { conditions: { tagsAny: ['vip'] }, priority: 9 });
    expect(decide([vip, rule('all', {})], '发票', { tags: ['vip'] }).ruleId).toBe('vip');
    expect(decide([vip, rule('all', {})], '发票').ruleId).toBe('all');
    const menu = rule('menu', { conditions: { awaitingMenu: 'appointment_reminder' }, priority: 9 });
    expect(decide([menu, rule('all', {})], '发票', { context: 'reminder' }).ruleId).toBe('menu');
    expect(decide([menu, rule('all', {})], '发票').ruleId).toBe('all');
  });

  test('a disabled rule is as if absent', () => {
    expect(decide([rule('off', { enabled: false })], '发票').action).toBe('handoff');
  });

  test('a rule with a non-FAQ action takes that action; its reply replaces the default one', () => {
    const d = decide([rule('cancel', { match: { kind: 'exact', patterns: ['不做了'] }, action: 'appointment.cancel', reply: '好的，已取消' })], '不做了', { context: 'reminder' });
    expect(d.effects).toEqual([
      { type: 'appointment', op: 'cancel' }, { type: 'clear_awaiting' }, { type: 'reply_text', ruleId: 'cancel', text: '好的，已取消' },
    ]);
  });

  test('a rule of kind intent takes over what the classifier understood', () => {
    const d = decide([rule('q', { match: { kind: 'intent', patterns: ['question'] }, action: 'faq', reply: '请致电前台' })], '要带身份证吗');
    expect({ action: d.action, ruleId: d.ruleId, effects: d.effects }).toEqual({ action: 'faq', ruleId: 'q', effects: [{ type: 'reply_text', ruleId: 'q', text: '请致电前台' }] });
  });

  test('a rule can never override a consent keyword', () => {
    expect(decide([rule('stop', { match: { kind: 'exact', patterns: ['stop'] } })], 'STOP').action).toBe('opt_out');
  });

  test('a regex rule sees the normalised text and the original', () => {
    const rules = [rule('order', { match: { kind: 'regex', patterns: ['^订单\\s*#?\\d{5}$'] } })];
    expect(decide(rules, '訂單 #12345').ruleId).toBe('order');
  });
});
