import type { Effect } from '../types';
import * as chrono from 'chrono-node';
import { normalize } from '../text/normalize';
import { chineseToInt } from '../text/numerals';
import { dayOfMonth, relativeDate } from './relative';
import { addDays, localTime, zonedInstant, type LocalTime } from './zoned';

export type WhenPrecision = NonNullable<Extract<Effect, { type: 'appointment' }>['whenPrecision']>;
export interface WhenReading { iso: string; precision: WhenPrecision }

/** A part of the day without an hour picks a representative hour, so a slot near it can be offered. */
const PARTS: Array<[RegExp, number]> = [
  [/凌晨/u, 6], [/早上|早晨|一早|上午|明早|今早|morning|\d\s*am\b/u, 9], [/中午|\bnoon\b|lunch/u, 12],
  [/下午|afternoon|\d\s*pm\b/u, 14], [/傍晚|evening/u, 17], [/晚上|今晚|明晚|tonight|night/u, 18],
];
const PM_WORD = /下午|傍晚|晚上|今晚|明晚|afternoon|evening|tonight|\d\s*pm\b/u;
const AM_WORD = /凌晨|早上|早晨|上午|明早|今早|morning|\d\s*am\b/u;

/** "十点" → "10点", "十二月三号" → "12月3号"; "晚一点" (a bit later) is not one o'clock, for chrono either. */
function digitsForNumerals(text: string): string {
  // "晚一点" is gone before numerals are read, so "明晚七点" keeps its seven.
  return text.replace(/([晚早快慢多少好有差再])一点/gu, '$1些').replace(/([零〇一二两三四五六七八九十]{1,3})(?=\s*(?:月|日|号|点|时|:|分))/gu,
    (m, n: string) => String(chineseToInt(n) ?? m));
}

interface Clock { hour: number; minute: number; precision: WhenPrecision }

/** Only text with a digit (numerals are digits by now) or a month name is worth a chrono parse (hundreds of µs). */
const MAY_HAVE_CLOCK_OR_DATE = /\d|\b(?:noon|midnight|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/u;

/**
 * chrono-node's simplified-Chinese date parsers (2.10) build their pattern as a new RegExp on every parse, so the
 * pattern cache of their base class never hits and each Chinese text compiled four regular expressions: ~7 KB of a
 * decision's ~44 KB of garbage (the engine's allocation profile). Where two calls answer the same pattern, the
 * parser keeps its first one; a parser whose pattern depends on the parse is left as it is.
 */
type PatternParser = { innerPattern(context?: unknown): RegExp };
for (const parser of chrono.zh.hans.casual.parsers as unknown as Array<Partial<PatternParser>>) {
  if (typeof parser.innerPattern !== 'function') continue;
  const ask = { option: {}, refDate: new Date(0) };
  const [first, second] = [parser.innerPattern(ask), parser.innerPattern({ ...ask, option: { forwardDate: true } })];
  if (first !== second && first.source === second.source && first.flags === second.flags) parser.innerPattern = () => first;
}

/** One chrono parse per message; its results feed both the clock time and the calendar date. */
function parse(text: string, ref: Date): chrono.ParsedResult[] {
  if (!MAY_HAVE_CLOCK_OR_DATE.test(text)) return [];
  const parser = /\p{Script=Han}/u.test(text) ? chrono.zh.hans.casual : chrono.en.casual;
  return parser.parse(text, ref, { forwardDate: true });
}

function clockTime(text: string, parsed: chrono.ParsedResult[]): Clock | undefined {
  const found = parsed.find((r) => r.start.isCertain('hour'));
  if (found) {
    let hour = found.start.get('hour') ?? 0;
    const minute = found.start.get('minute') ?? 0;
    const meridiemKnown = found.start.isCertain('meridiem');
    // Clinics open by day: "3点" or "at 3" without 上午/am means 15:00, as a receptionist would read it.
    if (!meridiemKnown && hour < 12 && (PM_WORD.test(text) || (hour >= 1 && hour <= 7 && !AM_WORD.test(text)))) hour += 12;
    return { hour, minute, precision: 'time' };
  }
  return partOfDay(text);
}

function partOfDay(text: string): Clock | undefined {
  const part = PARTS.find(([p]) => p.test(text));
  return part ? { hour: part[1], minute: 0, precision: 'part_of_day' } : undefined;
}

const MONTH_WORD = /\d\s*月|\d{1,2}\/\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d/u;

function calendarDate(text: string, today: LocalTime, parsed: chrono.ParsedResult[]): { year: number; month: number; day: number } | undefined {
  if (!MONTH_WORD.test(text)) return undefined;
  const found = parsed.find((r) => r.start.isCertain('month') && r.start.isCertain('day'));
  if (!found) return undefined;
  const month = found.start.get('month')!;
  const day = found.start.get('day')!;
  const year = found.start.isCertain('year') ? found.start.get('year')!
    : (month < today.month || (month === today.month && day < today.day) ? today.year + 1 : today.year);
  return { year, month, day };
}

/**
 * The date and time a customer named, read in their time zone relative to `now`: "明天上午十点", "周四下午4点",
 * "下周二上午九点", "12月3日下午3点", "后天下午两点半", "thursday 11am". Undefined when nothing is named.
 */
export function readWhen(normalizedText: string, now: string, timezone: string): WhenReading | undefined {
  const text = digitsForNumerals(normalizedText);
  // chrono only reads components here (hour, minute, month, day); the reference just keeps it off the clock.
  const ref = new Date(now);
  const today = localTime(ref, timezone);
  const parsed = parse(text, ref);
  const clock = clockTime(text, parsed);
  const nowMinute = today.hour * 60 + today.minute;
  const later = () => clock !== undefined && clock.hour * 60 + clock.minute > nowMinute;
  const date = calendarDate(text, today, parsed) ?? relativeDate(text, today, later) ?? dayOfMonth(text, today);
  if (!date && !clock) return undefined;
  const day = date ?? (later() ? today : addDays(today, 1));
  const time = clock ?? { hour: 9, minute: 0, precision: 'day' as const };
  return { iso: zonedInstant(day.year, day.month, day.day, time.hour, time.minute, timezone).toISOString(), precision: time.precision };
}

/**
 * Decision params for a named time: `when` (ISO) and `whenPrecision` — 'time' ("3点"), 'part_of_day' ("周四上午",
 * read as 09:00) or 'day' ("周四", read as 09:00) — so the shell can tell an exact request from a preference.
 */
export function whenParams(ctx: { norm: { text: string }; now: string; timezone: string }): { when?: string; whenPrecision?: WhenPrecision } {
  const when = readWhen(ctx.norm.text, ctx.now, ctx.timezone);
  return when ? { when: when.iso, whenPrecision: when.precision } : {};
}

/** Public form of readWhen for raw customer text: the ISO instant, or undefined. */
export function extractWhen(text: string, now: string, timezone: string): string | undefined {
  return readWhen(normalize(text).text, now, timezone)?.iso;
}
