import { daysOf, type ReportRange } from './report-range';

export type Interval = 'day' | 'week';

/** A trend's default step: days up to about two months, weeks beyond (a year of days is too many points to read). */
export const defaultInterval = (range: Pick<ReportRange, 'days'>): Interval => (range.days <= 62 ? 'day' : 'week');

export interface Period { date: string; start: Date; end: Date }

/**
 * The range cut into local days, or into weeks that start on Monday (the first and last may be shorter: they are
 * cut by the range), each named by its first local date.
 */
export function periodsOf(range: Pick<ReportRange, 'from' | 'days' | 'timezone'>, interval: Interval): Period[] {
  const days = daysOf(range);
  if (interval === 'day') return days;
  const weeks: Period[] = [];
  for (const day of days) {
    const [y, m, d] = day.date.split('-').map(Number);
    const monday = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay() === 1;
    if (monday || !weeks.length) weeks.push({ ...day });
    else weeks[weeks.length - 1]!.end = day.end;
  }
  return weeks;
}

/** Puts each item in the period its instant falls in (items outside every period are left out). */
export function inPeriods<T>(periods: Period[], items: T[], at: (item: T) => Date): T[][] {
  const buckets = periods.map(() => [] as T[]);
  for (const item of items) {
    const t = at(item).getTime();
    let lo = 0;
    let hi = periods.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (periods[mid]!.start.getTime() <= t) lo = mid; else hi = mid - 1;
    }
    if (periods.length && t >= periods[lo]!.start.getTime() && t < periods[lo]!.end.getTime()) buckets[lo]!.push(item);
  }
  return buckets;
}
