import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../rules';
import { defaultRuleset, firstReplyTemplate, inputFor, type EngineCase } from './support';

const dir = join(__dirname, 'cases');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

/** One JSON case per behaviour, each with a description; the files are the engine's specification by example. */
describe.each(files)('%s', (file) => {
  const cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as EngineCase[];
  test.each(cases.map((c) => [c.description, c] as const))('%s', (_d, c) => {
    const ruleset = defaultRuleset();
    const d = evaluate(ruleset, inputFor(ruleset, c));
    const e = c.expected;
    if (d.action !== e.action) {
      throw new Error(`expected ${e.action}, got ${d.action} ${JSON.stringify(d.params)}\n${d.trace.steps.map((s) => `  ${s.stage}: ${s.outcome}`).join('\n')}`);
    }
    if (e.params) expect(d.params).toMatchObject(e.params);
    for (const k of e.noParams ?? []) expect(d.params).not.toHaveProperty(k);
    if (e.stage) expect(d.trace.stage).toBe(e.stage);
    if (e.ruleId) expect(d.ruleId).toBe(e.ruleId);
    if (e.intent) expect(d.intent).toBe(e.intent);
    if (e.effects) expect(d.effects).toEqual(e.effects);
    if (e.effectTypes) expect(d.effects.map((x) => x.type)).toEqual(e.effectTypes);
    if (e.replyTemplate !== undefined) expect(firstReplyTemplate(d)).toBe(e.replyTemplate);
    if (e.botWouldHave) expect(d.trace.botWouldHave?.action).toBe(e.botWouldHave);
    if (e.replyScript) expect(d.replyScript).toBe(e.replyScript);
  });
});
