import type { RE2JSSyntaxException } from 're2js';

/**
 * Why a pattern does not compile, as data, so the rule editor can say it in the admin's own language and point at
 * the character at fault instead of echoing RE2's English ("missing closing )").
 */
export type RegexReason =
  | 'unclosed_group' // "(" never closed
  | 'unmatched_paren' // ")" with no "(" before it
  | 'unclosed_class' // "[" never closed
  | 'bad_class' // a range backwards (z-a) or an unknown class name
  | 'bad_repetition' // *, +, ? or {n} with nothing to repeat, twice in a row, or a count out of range
  | 'bad_escape' // \q, or a backslash at the very end
  | 'bad_group' // (?… that is not a known group or flag
  | 'unsupported' // JavaScript syntax RE2 cannot run: see `construct`
  | 'other';

/** A construct RE2 refuses by design (it never backtracks), named so the editor can name it. */
export type RegexConstruct =
  | 'backreference' | 'named_backreference' | 'lookahead' | 'negative_lookahead' | 'lookbehind'
  | 'negative_lookbehind' | 'atomic_group' | 'possessive';

export interface RegexIssue {
  code: 'invalid_regex';
  reason: RegexReason;
  /** Where the fault is, in characters (code points, so an emoji counts once) from 0; absent when RE2 did not say. */
  index?: number;
  /** The pattern as the admin wrote it. */
  pattern: string;
  construct?: RegexConstruct;
}

/** What RE2 refuses that JavaScript accepts, recognised by the part of the pattern RE2 stopped at. */
export const UNSUPPORTED: Array<[RegExp, RegexConstruct, (at: string) => string]> = [
  [/^\\[1-9]/, 'backreference', (at) => `backreferences (${at}) are not supported`],
  [/^\\k/, 'named_backreference', () => 'named backreferences (\\k<name>) are not supported'],
  [/^\(\?=/, 'lookahead', () => 'lookahead (?=…) is not supported'],
  [/^\(\?!/, 'negative_lookahead', () => 'negative lookahead (?!…) is not supported'],
  [/^\(\?<=/, 'lookbehind', () => 'lookbehind (?<=…) is not supported'],
  [/^\(\?<!/, 'negative_lookbehind', () => 'negative lookbehind (?<!…) is not supported'],
  [/^\(\?>/, 'atomic_group', () => 'atomic groups (?>…) are not supported'],
  [/[*+?}]\+$/, 'possessive', (at) => `possessive quantifiers (${at}) are not supported`],
];

const REASONS: Array<[RegExp, RegexReason]> = [
  [/^missing closing \)/, 'unclosed_group'],
  [/^unexpected \)/, 'unmatched_paren'],
  [/^missing closing \]/, 'unclosed_class'],
  [/character class/, 'bad_class'],
  [/repetition|repeat count/, 'bad_repetition'],
  [/escape|trailing backslash/, 'bad_escape'],
  [/Perl syntax|named capture/, 'bad_group'],
];

/**
 * RE2's syntax error as a RegexIssue on the pattern the admin wrote (RE2 saw it after `toRe2Syntax`, so its
 * fragment is looked up again in the original).
 * @example regexIssue('(预约', err) // → { code: 'invalid_regex', reason: 'unclosed_group', index: 0, pattern: '(预约' }
 */
export function regexIssue(pattern: string, err: RE2JSSyntaxException): RegexIssue {
  const at = err.input ?? '';
  const known = UNSUPPORTED.find(([re]) => re.test(at));
  const reason = known ? 'unsupported' : REASONS.find(([re]) => re.test(err.error ?? ''))?.[1] ?? 'other';
  const unit = unitIndex(pattern, reason, at);
  return {
    code: 'invalid_regex', reason, pattern,
    ...(unit !== undefined && unit >= 0 ? { index: Array.from(pattern.slice(0, unit)).length } : {}),
    ...(known ? { construct: known[1] } : {}),
  };
}

/** The UTF-16 offset of the character at fault. */
function unitIndex(pattern: string, reason: RegexReason, at: string): number | undefined {
  const parens = scanParens(pattern);
  if (reason === 'unclosed_group') return parens.unclosed;
  if (reason === 'unmatched_paren') return parens.unmatched;
  if (reason === 'bad_escape' && !at) return pattern.length - 1;
  if (!at) return undefined;
  const found = pattern.indexOf(at);
  if (found < 0) return undefined;
  // "a**" and "a++": the second operator is the one with nothing to repeat.
  return /^[*+?][*+?]/.test(at) ? found + 1 : found;
}

/** The last "(" left open and the first ")" with no "(" to close, skipping escapes and character classes. */
function scanParens(pattern: string): { unclosed?: number; unmatched?: number } {
  const open: number[] = [];
  let unmatched: number | undefined;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; if (pattern[i + 1] === ']') i++; continue; }
    if (c === '(') open.push(i);
    else if (c === ')' && open.pop() === undefined && unmatched === undefined) unmatched = i;
  }
  return { unclosed: open.at(-1), unmatched };
}
