import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../rules';
import type { Effect, Facts, Outcome } from '../../rules/types';
import { defaultRuleset, firstReplyTemplate, inputFor, type EngineCase } from './support';

/**
 * Decisions that need facts (the contact's appointments, free slots), one JSON case per behaviour. The clock is
 * support.ts's NOW: Saturday 22 Nov 2025, 10:00 in Shanghai. The outcome says what happens to the appointment,
 * the reply says exactly that, and a menu the reply asks is bound to what it is about.
 */
interface FactsCase extends Omit<EngineCase, 'expected'> {
  facts: Facts;
  /** An appointment_choose menu is open (sent 5 minutes ago). */
  choosing?: boolean;
  expected: EngineCase['expected'] & { outcome?: Outcome | Partial<Outcome>; awaiting?: Extract<Effect, { type: 'await_reply' }>['context'] & { options?: string[] } | null };
}

const cases = JSON.parse(readFileSync(join(__dirname, 'cases-facts.json'), 'utf8')) as FactsCase[];

test.each(cases.map((c) => [c.description, c] as const))('%s', (_d, c) => {
  const ruleset = defaultRuleset();
  const input = { ...inputFor(ruleset, c), facts: c.facts };
  if (c.choosing) {
    const sentAt = new Date(Date.parse(input.now) - 5 * 60_000).toISOString();
    input.conversation = { ...input.conversation, awaiting: { menu: 'appointment_choose', options: ['A', 'B', 'C'], expiresAt: new Date(Date.parse(sentAt) + 86_400_000).toISOString() } };
  }
  const d = evaluate(ruleset, input);
  const e = c.expected;
  if (d.action !== e.action) throw new Error(`expected ${e.action}, got ${d.action}\n${d.trace.steps.map((s) => `  ${s.stage}: ${s.outcome}`).join('\n')}`);
  if (e.outcome) expect(d.outcome).toMatchObject(e.outcome);
  if (e.replyTemplate !== undefined) expect(firstReplyTemplate(d)).toBe(e.replyTemplate);
  if (e.effectTypes) expect(d.effects.map((x) => x.type)).toEqual(e.effectTypes);
  if (e.effects) expect(d.effects).toEqual(e.effects);
  if (e.awaiting !== undefined) {
    const bound = d.effects.find((x) => x.type === 'await_reply');
    if (e.awaiting === null) expect(bound).toBeUndefined();
    else {
      const { options, ...context } = e.awaiting;
      expect(bound?.context).toEqual(context);
      if (options) expect(bound?.awaiting.options).toEqual(options);
    }
  }
});
