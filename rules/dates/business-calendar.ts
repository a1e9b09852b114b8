import type { MakeUpWorkday, Settings } from '../types';
import { isLocalDate, periodsOf, periodsProblem, type Period } from './periods';
import { addDays, localTime, zonedInstant } from './zoned';

/**
 * What business time is made of, in the business's time zone: the weekly periods (several a day; a gap is a break),
 * closed dates (holidays such as 春节) and make-up workdays (调休). The bot settings fit it as they are.
 */
export type BusinessCalendar = Pick<Settings, 'timezone' | 'businessHours' | 'closedDates' | 'makeUpWorkdays'>;

type LocalDate = { year: number; month: number; day: number };

const isoDate = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/**
 * The periods people work on a local date, as a function built once per calendar (the lookups are made once, then
 * each day is a map read). Precedence: a closed date shuts the day whatever its weekday; a make-up workday opens it
 * with its own periods or those of the weekday it stands in for; any other day has its weekday's periods.
 * Validation keeps a date from being both closed and a make-up workday.
 * @example periodsOnDay(cal)({ year: 2026, month: 2, day: 28 }, 6) // 调休 Saturday working as a Monday → Monday's periods
 */
export function periodsOnDay(cal: BusinessCalendar): (date: LocalDate, isoWeekday: number) => Period[] {
  const closed = new Set(cal.closedDates ?? []);
  const madeUp = new Map((cal.makeUpWorkdays ?? []).map((w) => [w.date, w]));
  const weekday = (n: number) => periodsOf(cal.businessHours[String(n)]);
  return (date, isoWeekday) => {
    const key = isoDate(date);
    if (closed.has(key)) return [];
    const extra = madeUp.get(key);
    if (extra) return extra.periods ?? weekday(extra.weekday ?? isoWeekday);
    return weekday(isoWeekday);
  };
}

/**
 * Seconds of business time between two instants: the parts of [from, to) that fall inside a working period of the
 * calendar, day by day in the business's zone. Nights, weekends, lunch breaks and holidays do not count; a make-up
 * Saturday does. Periods are wall-clock times, so on a DST day a 01:00–03:00 period lasts as long as it really does
 * (one hour in spring, three in autumn). Zero when `to` is not after `from`. Whole seconds, rounded.
 * @example businessSeconds(cal, '2026-11-27T09:30:00Z', '2026-11-30T01:30:00Z') // Friday 17:30 → Monday 09:30 in Shanghai, open 09:00–18:00 → 3600
 */
export function businessSeconds(cal: BusinessCalendar, from: string, to: string): number {
  const [start, end] = [Date.parse(from), Date.parse(to)];
  if (!(end > start)) return 0;
  const periodsOn = periodsOnDay(cal);
  const first = localTime(new Date(start), cal.timezone);
  let total = 0;
  // From the local date of `from` (its own periods may start before it) until a day that begins after `to`.
  for (let ahead = 0; ; ahead++) {
    const date = addDays(first, ahead);
    if (zonedInstant(date.year, date.month, date.day, 0, 0, cal.timezone).getTime() >= end) break;
    const weekday = ((first.isoWeekday - 1 + ahead) % 7) + 1;
    for (const [open, close] of periodsOn(date, weekday)) {
      const opens = at(date, open, cal.timezone);
      const closes = at(date, close, cal.timezone);
      total += Math.max(0, Math.min(closes, end) - Math.max(opens, start));
    }
  }
  return Math.round(total / 1000);
}

/** The instant of a local 'HH:MM' on a date; '24:00' is the next midnight (Date.UTC rolls the hour over). */
function at(date: LocalDate, hhmm: string, timezone: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return zonedInstant(date.year, date.month, date.day, h!, m!, timezone).getTime();
}

export const MAX_MAKE_UP_WORKDAYS = 366;

/**
 * Why a list of make-up workdays cannot be saved, each problem with its path under the list
 * (`makeUpWorkdays.1.weekday`): a real date, given once and not also closed, and either a weekday to work as or its
 * own periods (in order, not overlapping), not both.
 */
export function makeUpWorkdayProblems(list: unknown, closedDates: readonly string[] = []): Array<{ path: string; message: string }> {
  const pathOf = (i: number, field?: string) => `makeUpWorkdays.${i}${field ? `.${field}` : ''}`;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return [{ path: 'makeUpWorkdays', message: 'a list of make-up workdays' }];
  if (list.length > MAX_MAKE_UP_WORKDAYS) return [{ path: 'makeUpWorkdays', message: `at most ${MAX_MAKE_UP_WORKDAYS} make-up workdays` }];
  const seen = new Set<string>();
  const out: Array<{ path: string; message: string }> = [];
  (list as Array<Partial<MakeUpWorkday> | null>).forEach((w, i) => {
    if (!w || typeof w !== 'object') { out.push({ path: pathOf(i), message: 'expected { date, weekday } or { date, periods }' }); return; }
    if (typeof w.date !== 'string' || !isLocalDate(w.date)) out.push({ path: pathOf(i, 'date'), message: 'expected a date "YYYY-MM-DD"' });
    else if (seen.has(w.date)) out.push({ path: pathOf(i, 'date'), message: `${w.date} is listed twice` });
    else if (closedDates.includes(w.date)) out.push({ path: pathOf(i, 'date'), message: `${w.date} is also a closed date` });
    if (typeof w.date === 'string') seen.add(w.date);
    const hasWeekday = w.weekday !== undefined && w.weekday !== null;
    const hasPeriods = w.periods !== undefined && w.periods !== null;
    if (hasWeekday === hasPeriods) out.push({ path: pathOf(i), message: 'give either the weekday it works as or its own periods, not both' });
    else if (hasWeekday && !(Number.isInteger(w.weekday) && w.weekday! >= 1 && w.weekday! <= 7)) {
      out.push({ path: pathOf(i, 'weekday'), message: 'weekdays are 1 (Monday) to 7 (Sunday)' });
    } else if (hasPeriods) {
      const problem = Array.isArray(w.periods) ? (w.periods.length ? periodsProblem(w.periods) : 'at least one period') : 'a list of periods';
      if (problem) out.push({ path: pathOf(i, 'periods'), message: problem });
    }
  });
  return out;
}
