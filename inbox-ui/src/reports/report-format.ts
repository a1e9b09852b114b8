import type { Comparison } from './report-compare';

/**
 * Numbers as the page shows them, in the agent's language (`lang` is 'zh-CN' or 'en'): counts with grouping, rates as
 * percentages, money in yuan, durations in words. Pure (test/ui/report-compare.test.ts).
 */
export type ValueKind = 'count' | 'rate' | 'money' | 'seconds' | 'score';

const formats = new Map<string, Intl.NumberFormat>();
const numberFormat = (lang: string, digits: [number, number], style: 'decimal' | 'percent' = 'decimal') => {
  const key = `${lang}|${digits.join('-')}|${style}`;
  let f = formats.get(key);
  if (!f) formats.set(key, f = new Intl.NumberFormat(lang, { style, minimumFractionDigits: digits[0], maximumFractionDigits: digits[1] }));
  return f;
};

export const formatCount = (n: number, lang: string): string => numberFormat(lang, [0, 0]).format(n);

/**
 * A fraction 0–1 as a percentage: one decimal, two below 1% (an opt-out rate of 0.25% must not read 0.3%).
 * @example formatRate(0.0025, 'en') // → '0.25%'
 */
export function formatRate(r: number, lang: string): string {
  return numberFormat(lang, Math.abs(r) < 0.01 && r !== 0 ? [2, 2] : [0, 1], 'percent').format(r);
}

/**
 * Yuan, the business's currency. A price per SMS part has more decimals than cents (¥0.045): `maxDigits` keeps them.
 * @example formatMoney(1234.5, 'zh-CN') // → '¥1,234.50'
 * @example formatMoney(0.045, 'en', 6) // → '¥0.045'
 */
export const formatMoney = (yuan: number, lang: string, maxDigits = 2): string =>
  `${yuan < 0 ? '−' : ''}¥${numberFormat(lang, [2, Math.max(2, maxDigits)]).format(Math.abs(yuan))}`;

export const formatScore = (score: number, lang: string): string => numberFormat(lang, [1, 2]).format(score);

const UNITS = {
  zh: { s: '秒', m: '分', h: '小时', d: '天', join: '' },
  en: { s: 's', m: 'min', h: 'h', d: 'd', join: ' ' },
};

/**
 * A duration as two units at most, rounded to the smaller: 45 s, 3 min 20 s, 2 h 5 min, 1 d 3 h.
 * @example formatSeconds(33600, 'en') // → '9 h 20 min'
 * @example formatSeconds(200, 'zh-CN') // → '3分20秒'
 */
export function formatSeconds(seconds: number, lang: string): string {
  const u = lang.startsWith('en') ? UNITS.en : UNITS.zh;
  const part = (n: number, unit: string) => `${n}${u.join}${unit}`;
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 ? '−' : '';
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) => sign + (small ? [part(big, bigUnit), part(small, smallUnit)].join(u.join) : part(big, bigUnit));
  if (s < 60) return sign + part(s, u.s);
  if (s < 3600) return pair(Math.floor(s / 60), u.m, s % 60, u.s);
  if (s < 86_400) { const m = Math.round(s / 60); return pair(Math.floor(m / 60), u.h, m % 60, u.m); }
  const h = Math.round(s / 3600);
  return pair(Math.floor(h / 24), u.d, h % 24, u.h);
}

/** A value of a kind, or '—' when there is none (a rate with nothing to divide, a median of no episodes). */
export function formatValue(value: number | null | undefined, kind: ValueKind, lang: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (kind) {
    case 'count': return formatCount(value, lang);
    case 'rate': return formatRate(value, lang);
    case 'money': return formatMoney(value, lang);
    case 'seconds': return formatSeconds(value, lang);
    case 'score': return formatScore(value, lang);
  }
}

/**
 * The change beside a figure: the arrow and the difference, a rate's in percentage points (94% → 97% is "▲3.0 pt",
 * never "▲3%", which would read as a relative change).
 * @example changeText({ arrow: '▼', tone: 'bad', delta: -0.021 }, 'rate', 'en') // → '▼ 2.1 pt'
 */
export function changeText(c: Comparison, kind: ValueKind, lang: string): string {
  if (c.delta === null || !c.arrow) return '';
  if (c.delta === 0) return c.arrow;
  const size = Math.abs(c.delta);
  const amount = kind === 'rate'
    ? `${numberFormat(lang, [0, 2]).format(size * 100)}${lang.startsWith('en') ? ' pt' : ' 个百分点'}`
    : formatValue(size, kind, lang);
  return `${c.arrow} ${amount}`;
}
