import { evaluate } from '../../../rules';
import { isComplaint } from '../../../server/reports/rollup-keys';
import { defaultRuleset, inputFor } from '../../rules/support';

// The complaint counts (message-rollups.ts) ask isComplaint of each stored text's decision in code; the test
// campaigns' take-down and tiers ask the same of stored decisions in SQL, `decision LIKE '%"complaint"%'`. The two
// must agree, or a complaint counted in the report would not take a campaign down (or the reverse).
const inSql = (decision: unknown) => JSON.stringify(decision).includes('"complaint"');

describe('a decision classed as a complaint', () => {
  const ruleset = defaultRuleset();
  const texts = ['太离谱了，我要投诉你们', 'this is the worst service, I want to complain', '你好', '改到明天下午三点', 'TD', '1', 'can I park nearby?'];

  it.each(texts)('is told the same in code and in SQL: %s', (text) => {
    const decision = evaluate(ruleset, inputFor(ruleset, { text }));
    expect(isComplaint(decision)).toBe(inSql(decision));
  });

  it('is one the engine made so, and only those', () => {
    const complaints = texts.filter((text) => isComplaint(evaluate(ruleset, inputFor(ruleset, { text }))));
    expect(complaints).toEqual(['太离谱了，我要投诉你们', 'this is the worst service, I want to complain']);
    expect(isComplaint(null)).toBe(false);
    expect(isComplaint({ reasons: [{ code: 'matched', detail: 'a complaint about parking' }] })).toBe(false);
  });
});
