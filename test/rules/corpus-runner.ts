import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIDE_EFFECTING_ACTIONS, type Action } from '../../rules/types';
import type { ContextName } from './support';

export interface CorpusCase {
  file: string;
  text: string;
  context: ContextName;
  sentMinutesAgo?: number;
  optedOut?: boolean;
  firstMessage?: boolean;
  expected: { action: string; params?: Record<string, unknown> };
  note?: string;
}

export interface Verdict { c: CorpusCase; got: { action: string; params: Record<string, unknown> }; correct: boolean; wrongSideEffect: boolean }
export interface CorpusReport { total: number; correct: number; accuracy: number; wrongSideEffects: Verdict[]; misses: Verdict[] }

const dir = join(__dirname, 'corpus');

/**
 * The labelled replies. A file is one conversation context, named by its first segment ("reminder.json",
 * "reminder.second-batch.json"); a case may say its menu was sent long ago (expired).
 */
export function loadCorpus(): CorpusCase[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().flatMap((file) => {
    const context = file.split('.')[0] as ContextName;
    return (JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<Omit<CorpusCase, 'file' | 'context'>>).map((c) => ({ ...c, file, context }));
  });
}

function paramsMatch(expected: Record<string, unknown> | undefined, got: Record<string, unknown>): boolean {
  return Object.entries(expected ?? {}).every(([k, v]) => got[k] === v);
}

/**
 * Right means the right action with the labelled params (score, option, when, reason). A wrong side-effecting
 * action is one that changes something (SIDE_EFFECTING_ACTIONS) when that was not the label, or changes it wrongly
 * (another score, another slot, another time).
 */
export function judge(c: CorpusCase, got: { action: string; params: Record<string, unknown> }): Verdict {
  const correct = got.action === c.expected.action && paramsMatch(c.expected.params, got.params);
  const wrongSideEffect = !correct && SIDE_EFFECTING_ACTIONS.includes(got.action as Action);
  return { c, got, correct, wrongSideEffect };
}

export function runCorpus(cases: CorpusCase[], decide: (c: CorpusCase) => { action: string; params: Record<string, unknown> }): CorpusReport {
  const verdicts = cases.map((c) => judge(c, decide(c)));
  const correct = verdicts.filter((v) => v.correct).length;
  return {
    total: cases.length, correct, accuracy: correct / cases.length,
    wrongSideEffects: verdicts.filter((v) => v.wrongSideEffect),
    misses: verdicts.filter((v) => !v.correct),
  };
}

export function describeMiss(v: Verdict): string {
  return `[${v.c.context}] ${JSON.stringify(v.c.text)} expected ${v.c.expected.action}${v.c.expected.params ? JSON.stringify(v.c.expected.params) : ''}, got ${v.got.action}${JSON.stringify(v.got.params)}`;
}
