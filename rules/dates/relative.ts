import { addDays, type LocalTime } from './zoned';

/** Day words resolved against the contact's own calendar, never the process's (chrono-node's zh parser uses the latter). */
type Ymd = { year: number; month: number; day: number };

const DAY_OFFSETS: Array<[RegExp, number]> = [
  [/大后天|in 3 days/u, 3],
  [/后天|day after tomorrow|in 2 days/u, 2],
  [/明天|明早|明晚|明儿|明日|明上午|明下午|tomorrow|tmrw|tmr|\btmw\b/u, 1],
  [/今天|今晚|今早|今儿|今日|今天下午|today|tonight|this (?:morning|afternoon|evening)/u, 0],
];

const ZH_WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const ZH_WEEK = /(下下个?|下个?|这个?|本)?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])/u;
const EN_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const EN_WEEK = /\b(next|this|coming)?\s*(mon|tues?|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b/u;
const NEXT_WEEK = /下周|下个?星期|下个?礼拜|next week/u;

function weekdayDate(today: LocalTime, weekday: number, which: 'next-week' | 'this-week' | 'coming', timeLater: boolean): Ymd {
  if (which === 'next-week') return addDays(today, 7 - today.isoWeekday + weekday);
  if (which === 'this-week') return addDays(today, weekday - today.isoWeekday);
  let ahead = (weekday - today.isoWeekday + 7) % 7;
  if (ahead === 0 && !timeLater) ahead = 7;
  return addDays(today, ahead);
}

/**
 * The calendar date a message names relative to today, or undefined. "周四" is the coming Thursday (today if
 * the time named is still ahead); "下周二" and "next tuesday" are the Tuesday of next week (weeks start Monday).
 * @example relativeDate('下周二上午九点', saturday22Nov) // → 2025-11-25
 */
export function relativeDate(text: string, today: LocalTime, timeLater: (d: Ymd) => boolean): Ymd | undefined {
  for (const [pattern, offset] of DAY_OFFSETS) if (pattern.test(text)) return addDays(today, offset);
  const zh = ZH_WEEK.exec(text);
  if (zh) {
    const which = zh[1]?.startsWith('下下') ? 'next-next' : zh[1]?.startsWith('下') ? 'next-week' : zh[1] ? 'this-week' : 'coming';
    if (which === 'next-next') return addDays(weekdayDate(today, ZH_WEEKDAY[zh[2]], 'next-week', false), 7);
    return weekdayDate(today, ZH_WEEKDAY[zh[2]], which, timeLater(today));
  }
  const en = EN_WEEK.exec(text);
  if (en) {
    const weekday = EN_WEEKDAYS.indexOf(en[2].slice(0, 3)) + 1;
    const which = en[1] === 'next' ? 'next-week' : 'coming';
    return weekdayDate(today, weekday, which, timeLater(today));
  }
  if (NEXT_WEEK.test(text)) return addDays(today, 8 - today.isoWeekday);
  return undefined;
}

/** "25号" / "25日" with no month: this month if still ahead, else next month. */
export function dayOfMonth(text: string, today: LocalTime): Ymd | undefined {
  const m = /(?<![\d月/])(\d{1,2})\s*(?:号|日)(?!\s*(?:前|之前))/u.exec(text);
  if (!m || /\d\s*月/u.test(text)) return undefined;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return undefined;
  if (day >= today.day) return { year: today.year, month: today.month, day };
  const next = today.month === 12 ? { year: today.year + 1, month: 1 } : { year: today.year, month: today.month + 1 };
  return { ...next, day };
}
