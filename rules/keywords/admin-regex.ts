import { RE2JS, RE2JSSyntaxException, RE2Set } from 're2js';
import type { RuleDef } from '../types';
import { regexIssue, UNSUPPORTED, type RegexIssue } from './regex-issue';

/**
 * An admin's regular expression, compiled with RE2 semantics (re2js): matching costs time linear in the message,
 * so no text a customer sends can make a decision slow, whatever the pattern (`^(a+)+$` included). Node's own
 * RegExp backtracks, and one such rule once froze every request for seconds.
 */
export interface AdminRegex {
  test(text: string): boolean;
  /** RE2's program size: roughly the steps one character of a message can cost. */
  size: number;
}

/** A pattern RE2 cannot run, with a message an admin can act on and, for a syntax error, what and where as data. */
export class AdminRegexError extends Error {
  constructor(message: string, readonly issue?: RegexIssue) {
    super(message);
  }
}

/**
 * `test` runs RE2's DFA, a few microseconds a message; when a pattern's states outgrow the DFA's memory it falls
 * back to the NFA, whose cost per character grows with the compiled program (`.{1000}` is 1,000 steps a
 * character). This bound keeps that worst case to a few milliseconds on the longest SMS.
 */
export const MAX_PROGRAM_SIZE = 500;

/**
 * Every message is matched against all of a ruleset's patterns at once, so their sizes add up. Within this
 * budget, the worst case measured (a dozen `[\s\S]{400}x`-like patterns against 1,600 characters of noise) is
 * under 100 ms for the first message and a few ms after; fifty of them took 600 ms for every message.
 */
export const MAX_TOTAL_PROGRAM_SIZE = 5000;

const WHY = 'rules match with RE2, which stays fast whatever a customer texts because it never backtracks';

function explain(err: unknown): string {
  if (!(err instanceof RE2JSSyntaxException)) return `invalid regular expression: ${(err as Error).message}`;
  const at = err.input ?? '';
  const known = UNSUPPORTED.find(([re]) => re.test(at));
  if (known) return `${known[2](at)}: ${WHY}`;
  return `invalid regular expression: ${err.error}${at ? `: ${at}` : ''}`;
}

/**
 * JavaScript spellings RE2 writes differently, so patterns admins wrote for the old engine keep working:
 * `\u4e00` and `\u{1F600}` → `\x{…}` (a surrogate pair becomes its one code point), `\p{Script=Han}` → `\p{Han}`.
 * Escaped backslashes are consumed pairwise, so `\\u4e00` stays a backslash followed by "u4e00".
 * @example toRe2Syntax('[\\u4e00-\\u9fa5]+') // → '[\\x{4e00}-\\x{9fa5}]+'
 */
export function toRe2Syntax(pattern: string): string {
  return pattern.replace(
    /\\(?:u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|u\{([0-9a-f]{1,6})\}|u([0-9a-f]{4})|([pP])\{(?:Script|sc)=([A-Za-z_]+)\}|[^])/gi,
    (whole, high?: string, low?: string, braced?: string, four?: string, p?: string, script?: string) => {
      if (high && low) return `\\x{${(((parseInt(high, 16) - 0xd800) << 10) + (parseInt(low, 16) - 0xdc00) + 0x10000).toString(16)}}`;
      if (braced ?? four) return `\\x{${braced ?? four}}`;
      if (p && script) return `\\${p}{${script}}`;
      return whole;
    },
  );
}

const compiled = new Map<string, AdminRegex>();
/** Validation, the matcher and every recompile after a save share one compile per distinct pattern. */
const CACHE_LIMIT = 5000;

/** Case-insensitive like the old `/…/iu`; Unicode (Chinese, emoji) matches by code point. Throws AdminRegexError. */
export function compileAdminRegex(pattern: string): AdminRegex {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  const regex = compileUncached(pattern);
  if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
  compiled.set(pattern, regex);
  return regex;
}

function compileUncached(pattern: string): AdminRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(pattern), RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    throw new AdminRegexError(explain(err), err instanceof RE2JSSyntaxException ? regexIssue(pattern, err) : undefined);
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE) {
    throw new AdminRegexError(`this regular expression is too large (${size} steps, at most ${MAX_PROGRAM_SIZE}): use smaller repetition counts such as {1,20}`);
  }
  return { test: (text) => re.test(text), size };
}

/** Why a pattern cannot be a rule, or undefined when it can; the same compile the matcher uses. */
export function adminRegexProblem(pattern: string): { message: string; issue?: RegexIssue } | undefined {
  try {
    return compileAdminRegex(pattern).test('') ? { message: 'this regular expression matches every message' } : undefined;
  } catch (err) {
    if (err instanceof AdminRegexError) return { message: err.message, ...(err.issue ? { issue: err.issue } : {}) };
    throw err;
  }
}

/**
 * The first pattern, in rule order, that takes the enabled regex rules past MAX_TOTAL_PROGRAM_SIZE, if any.
 * Patterns that do not compile are reported on their own and not counted here.
 */
export function overRegexBudget(rules: RuleDef[]): { rule: RuleDef; index: number; total: number } | undefined {
  let total = 0;
  for (const rule of rules) {
    if (!rule.enabled || rule.match?.kind !== 'regex') continue;
    for (const [index, pattern] of rule.match.patterns.entries()) {
      try { total += compileAdminRegex(pattern).size; } catch { continue; }
      if (total > MAX_TOTAL_PROGRAM_SIZE) return { rule, index, total };
    }
  }
  return undefined;
}

/**
 * All of a ruleset's patterns in one RE2 set: one pass over a message says which of them match, so a message
 * costs about the same with one regex rule or hundreds. Undefined when the set cannot be built (RE2 caps its
 * size), and then each pattern is tried in turn.
 * @example adminRegexSet(['^订单', '发票$'])?.('订单要开发票') // → [0, 1]
 */
export function adminRegexSet(patterns: string[]): ((text: string) => number[]) | undefined {
  if (patterns.length < 2) return undefined;
  try {
    const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE);
    for (const p of patterns) set.add(toRe2Syntax(p));
    set.compile();
    return (text) => set.match(text);
  } catch {
    return undefined;
  }
}
