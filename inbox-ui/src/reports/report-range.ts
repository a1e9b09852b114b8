/**
 * The dashboard's date range: two local dates (YYYY-MM-DD, both included) in the business's time zone, as every
 * report route reads them (server/reports/report-range.ts). "Today" and "this month" are the clinic's, not the
 * browser's: at 01:30 in Shanghai a laptop set to London still thinks it is yesterday. Pure: `now` and the zone are
 * passed in (test/ui/report-range.test.ts).
 */
export interface DateRange { from: string; to: string }

export const PRESETS = ['today', '7d', '30d', 'thisMonth', 'lastMonth'] as const;
export type Preset = (typeof PRESETS)[number];

/** The server's limit (MAX_REPORT_DAYS): two years of days. */
export const MAX_DAYS = 731;

/** What is wrong with a custom range, as a message key of the page; null when the server will take it. */
export type RangeProblem = 'badDate' | 'fromAfterTo' | 'tooLong';

const DAY = 86_400_000;
const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];
const utc = (date: string) => { const [y, m, d] = ymd(date); return Date.UTC(y, m - 1, d); };
const text = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export const isLocalDate = (date: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(date) && text(utc(date)) === date;

/**
 * The date `now` falls on in `timeZone`.
 * @example localToday(new Date('2026-11-30T17:30:00Z'), 'Asia/Shanghai') // → '2026-12-01'
 */
export function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** @example shiftDate('2026-03-01', -1) // → '2026-02-28' */
export const shiftDate = (date: string, days: number): string => text(utc(date) + days * DAY);

/** Days in a range, both ends counted. */
export const daysIn = (range: DateRange): number => Math.round((utc(range.to) - utc(range.from)) / DAY) + 1;

/**
 * A preset's dates on the business's calendar: today; the last 7 or 30 days ending today; this month so far; the
 * whole of last month.
 */
export function presetRange(preset: Preset, now: Date, timeZone: string): DateRange {
  const today = localToday(now, timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today': return { from: today, to: today };
    case '7d': return { from: shiftDate(today, -6), to: today };
    case '30d': return { from: shiftDate(today, -29), to: today };
    case 'thisMonth': return { from: monthStart, to: today };
    case 'lastMonth': {
      const lastDay = shiftDate(monthStart, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}

/** The preset a range is today, if any (the page marks that button pressed). */
export function presetOf(range: DateRange, now: Date, timeZone: string): Preset | null {
  return PRESETS.find((p) => { const r = presetRange(p, now, timeZone); return r.from === range.from && r.to === range.to; }) ?? null;
}

export function rangeProblem(range: DateRange): RangeProblem | null {
  if (!isLocalDate(range.from) || !isLocalDate(range.to)) return 'badDate';
  if (range.from > range.to) return 'fromAfterTo';
  return daysIn(range) > MAX_DAYS ? 'tooLong' : null;
}

/**
 * The range a page address asks for: `?range=<preset>` (today's meaning of it), or `?from=&to=` when the server
 * would take them, else the last 7 days.
 */
export function rangeOfQuery(search: string, now: Date, timeZone: string): DateRange {
  const q = new URLSearchParams(search);
  const preset = q.get('range');
  if (preset && (PRESETS as readonly string[]).includes(preset)) return presetRange(preset as Preset, now, timeZone);
  const asked = { from: q.get('from') ?? '', to: q.get('to') ?? '' };
  return rangeProblem(asked) ? presetRange('7d', now, timeZone) : asked;
}

/** The period the reports compare with: as many days just before (server/reports/report-range.ts `previous`). */
export function previousOf(range: DateRange): DateRange {
  return { from: shiftDate(range.from, -daysIn(range)), to: shiftDate(range.from, -1) };
}
