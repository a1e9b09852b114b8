import { pinyin } from 'pinyin-pro';

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/**
 * A near-miss spelling of a Latin word. Short words confuse easily (STPO is STOP, but STEP and TOP are words), so
 * up to 4 letters only a swap of two neighbours counts; 5–7 letters allow one edit, longer ones two. One- and
 * two-letter codes (T, TD, N) never fuzz.
 */
export function latinNearMiss(word: string, target: string): boolean {
  if (target.length <= 2 || word === target) return false;
  if (target.length <= 4) return isTransposition(word, target);
  const max = target.length <= 7 ? 1 : 2;
  return editDistance(word, target, max) <= max;
}

const syllableOf = new Map<string, string>();

/**
 * Toneless pinyin syllables, one per Han character; other characters pass through. "退订" → "tui ding".
 * Per character and remembered (pinyin-pro costs ~25 µs a call): a homograph reads as its most common sound.
 */
export function pinyinKey(text: string): string {
  const out: string[] = [];
  for (const ch of text) {
    let s = syllableOf.get(ch);
    if (s === undefined) { s = pinyin(ch, { toneType: 'none' }); syllableOf.set(ch, s); }
    out.push(s);
  }
  return out.join(' ');
}

/**
 * A Chinese typo typed through a pinyin IME: same syllables, other characters ("推定" for "退订"). Matching by
 * sound never crosses to a different word such as 订阅 (ding yue), which edit distance on characters would.
 */
export function pinyinNearMiss(text: string, target: string, targetKey = pinyinKey(target)): boolean {
  return text !== target && text.length === target.length && pinyinKey(text) === targetKey;
}
