import { Converter } from 'opencc-js/t2cn';
import { foldEmoji } from './emoji';

/** Traditional (Taiwan and Hong Kong forms included) → simplified, character by character. */
const convert = Converter({ from: 'hk', to: 'cn' });
const simplifiedOf = new Map<string, string>();

/**
 * OpenCC's dictionaries, applied per character and remembered: the converter costs ~18 µs a message, a map lookup
 * per character well under one. Phrase-level conversions (rare in SMS replies) are given up for that.
 */
function toSimplified(text: string): { text: string; traditional: boolean } {
  let out = '';
  let traditional = false;
  for (const ch of text) {
    if (ch < '\u2e80') { out += ch; continue; }
    let simple = simplifiedOf.get(ch);
    if (simple === undefined) { simple = convert(ch); simplifiedOf.set(ch, simple); }
    if (simple !== ch) traditional = true;
    out += simple;
  }
  return { text: out, traditional };
}

export interface NormalizedText {
  original: string;
  /**
   * Lower-case, NFKC (full-width folded), simplified, emoji read as words, brackets and symbols gone. Clause
   * punctuation stays as " , " and questions as " ? " because negation scope and questions depend on them.
   */
  text: string;
  /** `text` without clause marks: what matchers compare and what the trace shows. */
  plain: string;
  /** Some character was written in its traditional form ("確認"): the customer reads traditional Chinese. */
  traditional: boolean;
}

const CLAUSE = /[,.!;:~、。，！；：…]+/gu;
const HAN = '\\p{Script=Han}';
const SPACE_BETWEEN_HAN = new RegExp(`(?<=${HAN}) +(?=${HAN})`, 'gu');

/** Digits joined by ":" "." "/" are times and dates ("10:30", "12/3"); keep them whole before stripping punctuation. */
const KEEP: Record<string, string> = { ':': '\u0001', '.': '\u0002', '/': '\u0003', '-': '\u0004' };
const RESTORE: Record<string, string> = { '\u0001': ':', '\u0002': '.', '\u0003': '/', '\u0004': '-' };

function protectNumbers(s: string): string {
  return s.replace(/(\d)\s*([:./-])\s*(?=\d)/gu, (_m, d: string, sep: string) => d + KEEP[sep]);
}

export function normalize(original: string): NormalizedText {
  let s = original.normalize('NFKC');
  s = foldEmoji(s);
  const simplified = toSimplified(s);
  s = simplified.text.toLowerCase();
  s = s.replace(/[’‘`]/gu, "'");
  s = protectNumbers(s);
  s = s.replace(/[?？]+/gu, ' ? ');
  s = s.replace(CLAUSE, ' , ');
  s = s.replace(/(?<![a-z])'|'(?![a-z])/gu, ' ');
  s = s.replace(/[^\p{L}\p{N}\s,?'\u0001-\u0004]/gu, ' ');
  s = s.replace(/[\u0001-\u0004]/gu, (c) => RESTORE[c]);
  s = s.replace(/\s+/gu, ' ').replace(SPACE_BETWEEN_HAN, '');
  const text = s.replace(/^[\s,]+|[\s,]+$/gu, '').replace(/(?: ,)+/gu, ' ,');
  const plain = text.replace(/ ,/gu, '').replace(SPACE_BETWEEN_HAN, '').trim();
  return { original, text, plain, traditional: simplified.traditional };
}

export function isHan(ch: string): boolean {
  return /\p{Script=Han}/u.test(ch);
}
