import type { MatchKind, RuleDef } from '../types';
import { normalize } from '../text/normalize';
import { latinNearMiss, pinyinKey } from '../text/fuzzy';
import { PhraseTrie } from '../text/phrase-trie';
import { adminRegexSet, compileAdminRegex, type AdminRegex } from './admin-regex';

export interface KeywordHit { rule: RuleDef; kind: MatchKind; pattern: string }

interface Entry { rule: RuleDef; kind: MatchKind; pattern: string; order: number }

/** Exact beats contains beats regex beats fuzzy; then priority; then the longer pattern; then the older rule. */
const KIND_RANK: Record<MatchKind, number> = { exact: 0, contains: 1, regex: 2, fuzzy: 3, intent: 4 };

function better(a: Entry, b: Entry): boolean {
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
  if (a.rule.priority !== b.rule.priority) return a.rule.priority > b.rule.priority;
  if (a.pattern.length !== b.pattern.length) return a.pattern.length > b.pattern.length;
  return a.order < b.order;
}

/** The form both patterns and messages are compared in: normalised, question marks and spaces squeezed. */
export function squeeze(plain: string): string {
  return plain.replace(/\s*\?\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

export function matchKey(text: string): string {
  return squeeze(normalize(text).plain);
}

const LATIN = /^[a-z0-9' ]+$/;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/**
 * Admin keyword rules, indexed so a message costs about the same with ten rules or thousands: exact patterns in
 * a map, contains patterns in a character trie walked once from each position (Latin ones as whole words),
 * fuzzy ones bucketed by sound or length, regexes in one RE2 set matched in one pass.
 */
export class KeywordMatcher {
  private readonly exact = new Map<string, Entry[]>();
  private readonly contains = new PhraseTrie<Entry>();
  private readonly regexes: Array<Entry & { re: AdminRegex }> = [];
  private readonly fuzzyHan = new Map<string, Entry[]>();
  private readonly fuzzyLatin: Entry[] = [];

  /** All regex patterns in one RE2 set: one pass over a message names every pattern that matches. */
  private readonly regexSet: ((text: string) => number[]) | undefined;

  constructor(rules: RuleDef[]) {
    let order = 0;
    for (const rule of rules) {
      if (!rule.enabled || rule.match.kind === 'intent') continue;
      for (const raw of rule.match.patterns) this.add(rule, raw, order++);
    }
    this.regexSet = adminRegexSet(this.regexes.map((e) => e.pattern));
  }

  private add(rule: RuleDef, raw: string, order: number): void {
    const kind = rule.match.kind;
    if (kind === 'regex') {
      try { this.regexes.push({ rule, kind, pattern: raw, order, re: compileAdminRegex(raw) }); } catch { /* reported by validation */ }
      return;
    }
    const pattern = matchKey(raw);
    if (!pattern) return;
    const entry: Entry = { rule, kind, pattern, order };
    if (kind === 'exact') push(this.exact, pattern, entry);
    else if (kind === 'contains') this.contains.add(pattern, entry);
    else if (kind === 'fuzzy' && HAN_ONLY.test(pattern)) push(this.fuzzyHan, pinyinKey(pattern), entry);
    else if (kind === 'fuzzy') this.fuzzyLatin.push(entry);
  }

  /** The best rule whose pattern matches and whose conditions `accept` allows. */
  match(original: string, key: string, accept: (rule: RuleDef) => boolean): KeywordHit | undefined {
    let best: Entry | undefined;
    const consider = (e: Entry) => { if ((!best || better(e, best)) && accept(e.rule)) best = e; };
    this.exact.get(key)?.forEach(consider);
    this.contains.scan(key, consider);
    if (this.regexes.length > 0 && (!best || KIND_RANK[best.kind] > KIND_RANK.regex)) this.regexHits(key, original).forEach(consider);
    if (!best) this.fuzzy(key, consider);
    return best && { rule: best.rule, kind: best.kind, pattern: best.pattern };
  }

  /** Regex patterns matching the normalised text or the original. */
  private regexHits(key: string, original: string): Entry[] {
    if (!this.regexSet) return this.regexes.filter((e) => e.re.test(key) || e.re.test(original));
    const hits = new Set(this.regexSet(key));
    if (original !== key) for (const i of this.regexSet(original)) hits.add(i);
    return [...hits].map((i) => this.regexes[i]);
  }

  private fuzzy(key: string, consider: (e: Entry) => void): void {
    if (key.length > 24) return;
    if (this.fuzzyHan.size > 0 && HAN_ONLY.test(key)) this.fuzzyHan.get(pinyinKey(key))?.forEach(consider);
    if (LATIN.test(key)) for (const e of this.fuzzyLatin) if (latinNearMiss(key, e.pattern)) consider(e);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
