import { conceptTokens } from './concepts';
import { foldAnotA } from './negation';

/**
 * Features for the intent classifier. `natural`'s own tokenizer silently drops Chinese, so: character bigrams of
 * each Chinese run (digits folded to "#", so "3点" and "10点" look alike), English words plus letter trigrams of
 * the longer ones (a misspelt "reschedual" still shares most of them), "?" for questions, and concept tokens
 * (concepts.ts). Words inside a negation's scope are marked "~" ("别取消" yields "~取消"), so "don't cancel" does
 * not look like "cancel".
 */
const ZH_NEGATORS = ['不需要', '不要', '不用', '不必', '无需', '没法', '无法', '不能', '不想', '没有', '别', '没', '不', '未'];
const ZH_NOT_NEGATION = ['不好意思', '不错', '不客气', '不过', '不然', '不少', '不止', '不行'];
const ZH_SCOPE = 4;
const ZH_SCOPE_END = /[但可就我你他她]/u;

const EN_NEGATORS = new Set(['not', "don't", 'dont', 'never', "can't", 'cant', 'cannot', "won't", 'wont', 'unable', "didn't", "doesn't", "isn't", 'no', "couldn't", 'without']);
const EN_SCOPE = 3;
const EN_SCOPE_END = new Set(['but', 'and', 'so', 'i', "i'll", "i'm", 'just']);

/** The words as characters, split once: iterating a word's characters at every position was most of a decision's garbage. */
const ZH_NEGATOR_CHARS = ZH_NEGATORS.map((w) => Array.from(w));
const ZH_NOT_NEGATION_CHARS = ZH_NOT_NEGATION.map((w) => Array.from(w));

function startsAt(chars: string[], i: number, word: string[]): boolean {
  for (let k = 0; k < word.length; k++) if (chars[i + k] !== word[k]) return false;
  return true;
}

function firstAt(chars: string[], i: number, words: string[][]): string[] | undefined {
  for (const word of words) if (startsAt(chars, i, word)) return word;
  return undefined;
}

function zhNegatedMask(chars: string[]): boolean[] {
  const mask = chars.map(() => false);
  for (let i = 0; i < chars.length; i++) {
    if (firstAt(chars, i, ZH_NOT_NEGATION_CHARS)) { i += 1; continue; }
    const cue = firstAt(chars, i, ZH_NEGATOR_CHARS);
    if (!cue) continue;
    const start = i + cue.length;
    for (let j = start; j < Math.min(chars.length, start + ZH_SCOPE); j++) {
      if (ZH_SCOPE_END.test(chars[j])) break;
      mask[j] = true;
    }
    i = start - 1;
  }
  return mask;
}

function chineseTokens(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) { out.push(chars[0]); return; }
  const negated = zhNegatedMask(chars);
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = chars[i] + chars[i + 1];
    out.push(negated[i] && negated[i + 1] ? `~${bigram}` : bigram);
  }
}

/** `known` (at classification) keeps a known word to one feature; its trigrams are only a fallback for typos. */
function englishTokens(words: string[], out: string[], known?: (token: string) => boolean): void {
  let scope = 0;
  for (const word of words) {
    if (EN_SCOPE_END.has(word)) scope = 0;
    const mark = scope > 0 ? '~' : '';
    out.push(mark + word);
    if (word.length >= 5 && !known?.(mark + word)) {
      const padded = `<${word}>`;
      // Marked with "3:" so the trigram "top" of "stop" is not the word "top".
      for (let i = 0; i + 3 <= padded.length; i++) out.push(`${mark}3:${padded.slice(i, i + 3)}`);
    }
    scope = EN_NEGATORS.has(word) ? EN_SCOPE : Math.max(0, scope - 1);
  }
}

const SEGMENT = /([\p{Script=Han}#]+)|([a-z][a-z']*)|(\?)|(,)/gu;

export function intentTokens(text: string, known?: (token: string) => boolean): string[] {
  const out: string[] = [];
  const folded = foldAnotA(text).replace(/\d+(?:[:.]\d+)?/g, '#');
  let words: string[] = [];
  const flush = () => { if (words.length) englishTokens(words, out, known); words = []; };
  for (const m of folded.matchAll(SEGMENT)) {
    if (m[2]) { words.push(m[2]); continue; }
    flush();
    if (m[1]) chineseTokens(m[1], out);
    else if (m[3]) out.push('?');
  }
  flush();
  out.push(...conceptTokens(foldAnotA(text)));
  return out;
}
