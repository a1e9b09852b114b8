/**
 * How well and how fast rules/ understands replies, beside nlp.js (node-nlp's NlpManager) trained on the same
 * intent phrases and given the same menu handling. Run: npx tsx scripts/bench/understanding.ts
 *
 * Both sides see the labelled corpus in test/rules/corpus. Ours runs with the demo ruleset plus 1,000 generated
 * keyword rules loaded; nlp.js gets the awaiting-reply stage (menu choices, scores, expiry) and its own
 * classification for everything else (its "None" → a person).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileRuleset, evaluate, extractWhen, isIntentName, meaningOf, type Ruleset } from '../../rules';
import { menuDecision } from '../../rules/evaluate';
import type { Action, RuleDef } from '../../rules/types';
import { defaultRulesetSource } from '../../server/db/seed/rules-defaults';
import { describeMiss, loadCorpus, runCorpus, type CorpusCase, type CorpusReport } from '../../test/rules/corpus-runner';
import { inputFor } from '../../test/rules/support';

type Decided = { action: string; params: Record<string, unknown> };

/** A deterministic generator, so every run loads the same 1,000 rules. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shop-floor FAQ rules a large clinic chain might have: product codes, branch names, promotions. */
function generatedRules(count: number): RuleDef[] {
  const rand = prng(42);
  const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥琥珀翡翠玛瑙珊瑚琉璃砗磲';
  const pick = (n: number) => Array.from({ length: n }, () => pool[Math.floor(rand() * pool.length)]).join('');
  return Array.from({ length: count }, (_, i): RuleDef => {
    const kind = i % 10 < 6 ? 'contains' : i % 10 < 8 ? 'exact' : i % 10 < 9 ? 'regex' : 'fuzzy';
    const patterns = kind === 'regex' ? [`^(?:order|订单)\\s*#?${10000 + i}$`]
      : kind === 'fuzzy' ? [`${pick(3)}分店`]
      : [`${pick(3)}套餐${i}`, `promo${i}x`];
    return { id: `gen-${i}`, name: `generated ${i}`, enabled: true, priority: i % 5, match: { kind, patterns }, action: 'faq', reply: `编号 ${i} 的说明` };
  });
}

/**
 * Wall-clock samples of single decisions, one at a time (the server decides one message at a time), in passes
 * over the corpus. Throughput is that of the fastest pass: on a shared machine the slower passes measure the
 * other tenants, not the code.
 */
function timings(passes: number[][]): { perSecond: number; medianUs: number; p90Us: number; p99Us: number } {
  const sorted = passes.flat().sort((a, b) => a - b);
  const fastest = Math.min(...passes.map((p) => p.reduce((a, b) => a + b, 0)));
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] * 1000;
  return { perSecond: passes[0].length / (fastest / 1000), medianUs: at(0.5), p90Us: at(0.9), p99Us: at(0.99) };
}

function ours(ruleset: Ruleset, cases: CorpusCase[], passes: number) {
  const inputs = cases.map((c) => inputFor(ruleset, c));
  for (let i = 0; i < 3; i++) inputs.forEach((x) => evaluate(ruleset, x));
  const samples: number[][] = [];
  for (let p = 0; p < passes; p++) {
    const pass: number[] = [];
    for (const x of inputs) { const t = performance.now(); evaluate(ruleset, x); pass.push(performance.now() - t); }
    samples.push(pass);
  }
  const time = timings(samples);
  const report = runCorpus(cases, (c) => { const d = evaluate(ruleset, inputFor(ruleset, c)); return { action: d.action, params: d.params }; });
  return { report, time };
}

interface NlpResult { intent: string; score: number }
interface NlpManagerLike { addDocument(lang: string, text: string, intent: string): void; train(): Promise<void>; process(lang: string, text: string): Promise<NlpResult> }

async function trainNlp(): Promise<NlpManagerLike> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NlpManager } = require('node-nlp') as { NlpManager: new (o: object) => NlpManagerLike };
  const manager = new NlpManager({ languages: ['zh', 'en'], forceNER: false, autoSave: false, nlu: { log: false } });
  for (const p of defaultRulesetSource.intentPhrases) if (!p.heldOut) manager.addDocument(lang(p.text), p.text, p.intent);
  const log = console.log;
  console.log = () => {};
  try { await manager.train(); } finally { console.log = log; }
  return manager;
}

const lang = (text: string) => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');

async function nlpDecide(manager: NlpManagerLike, ruleset: Ruleset, c: CorpusCase): Promise<Decided> {
  const input = inputFor(ruleset, c);
  const menu = menuDecision(ruleset, input);
  if (menu) return { action: menu.action, params: menu.params };
  const r = await manager.process(lang(c.text), c.text);
  if (!isIntentName(r.intent)) return { action: 'handoff', params: { reason: 'no_match' } };
  const awaiting = input.conversation.awaiting;
  const live = awaiting && Date.parse(input.now) <= Date.parse(awaiting.expiresAt);
  const menuActions: Action[] = live ? ruleset.source.templates.find((t) => t.key === awaiting.menu)?.menu?.map((o) => o.action) ?? [] : [];
  const meaning = meaningOf(r.intent, menuActions);
  const when = meaning.action === 'appointment.reschedule' ? extractWhen(c.text, input.now, input.timezone ?? 'Asia/Shanghai') : undefined;
  return { action: meaning.action, params: { ...(meaning.reason ? { reason: meaning.reason } : {}), ...(when ? { when } : {}) } };
}

async function theirs(ruleset: Ruleset, cases: CorpusCase[], passes: number) {
  const manager = await trainNlp();
  for (const c of cases) await nlpDecide(manager, ruleset, c);
  const samples: number[][] = [];
  const decided = new Map<CorpusCase, Decided>();
  for (let p = 0; p < passes; p++) {
    const pass: number[] = [];
    for (const c of cases) { const t = performance.now(); decided.set(c, await nlpDecide(manager, ruleset, c)); pass.push(performance.now() - t); }
    samples.push(pass);
  }
  return { report: runCorpus(cases, (c) => decided.get(c)!), time: timings(samples) };
}

function line(name: string, r: CorpusReport, t: ReturnType<typeof timings>): string {
  return `${name.padEnd(10)} accuracy ${(r.accuracy * 100).toFixed(1).padStart(5)}% (${r.correct}/${r.total})  wrong side-effecting ${String(r.wrongSideEffects.length).padStart(3)}  `
    + `${Math.round(t.perSecond).toLocaleString('en').padStart(9)} decisions/s  median ${t.medianUs.toFixed(1).padStart(7)} µs  p90 ${t.p90Us.toFixed(0).padStart(6)} µs  p99 ${t.p99Us.toFixed(0).padStart(6)} µs`;
}

async function main(): Promise<void> {
  const cases = loadCorpus();
  const source = { ...defaultRulesetSource, rules: [...defaultRulesetSource.rules, ...generatedRules(1000)] };
  const started = performance.now();
  const ruleset = compileRuleset(source);
  const compileMs = performance.now() - started;
  const a = ours(ruleset, cases, 10);
  const b = await theirs(ruleset, cases, 5);
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`machine: ${cpus().length} CPUs, load average ${load} (timings are wall-clock; a busy machine inflates both sides)`);
  console.log(`corpus: ${cases.length} labelled replies (${[...new Set(cases.map((c) => c.context))].join(', ')}); keyword rules loaded: ${source.rules.length}; compile ${compileMs.toFixed(0)} ms`);
  console.log(line('rules/', a.report, a.time));
  console.log(line('nlp.js', b.report, b.time));
  console.log(`ratio      accuracy ×${(a.report.accuracy / b.report.accuracy).toFixed(2)}, decisions/s ×${(a.time.perSecond / b.time.perSecond).toFixed(1)}, median latency ÷${(b.time.medianUs / a.time.medianUs).toFixed(1)}`);
  if (process.argv.includes('--misses')) {
    console.log('\nrules/ misses:\n' + a.report.misses.map(describeMiss).join('\n'));
    console.log('\nnlp.js wrong side-effecting actions:\n' + b.report.wrongSideEffects.map(describeMiss).join('\n'));
  }
}

void main();
