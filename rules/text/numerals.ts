/** Chinese and financial numerals. Converted only where a number is meant (a menu choice, a score, a time). */
const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 幺: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const TEN = new Set(['十', '拾']);

export const CHINESE_NUMERAL_CHARS = '零〇一壹幺二贰两三叁四肆五伍六陆七柒八捌九玖十拾';

/**
 * 0–99 written in Chinese numerals, or undefined.
 * @example chineseToInt('二十三') // → 23
 * @example chineseToInt('贰') // → 2
 */
export function chineseToInt(s: string): number | undefined {
  if (s.length === 0 || s.length > 3) return undefined;
  if (s.length === 1) return TEN.has(s) ? 10 : DIGITS[s];
  const tenAt = [...s].findIndex((c) => TEN.has(c));
  if (tenAt < 0) return undefined;
  const tens = tenAt === 0 ? 1 : DIGITS[s[0]];
  const rest = s.slice(tenAt + 1);
  const ones = rest === '' ? 0 : rest.length === 1 ? DIGITS[rest] : undefined;
  if (tens === undefined || ones === undefined || tenAt > 1) return undefined;
  return tens * 10 + ones;
}

/** An ASCII number or a Chinese one, for parsers that already isolated the numeral. */
export function toInt(s: string): number | undefined {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  return chineseToInt(s);
}
