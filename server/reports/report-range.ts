import { addDays, isLocalDate, zonedInstant } from '../../rules';
import { badRequest } from '../http/errors';

/** The longest range a report covers: two years of days keeps every series small enough to draw and to export. */
export const MAX_REPORT_DAYS = 731;
const DAY = 86_400_000;

/**
 * A report's date range: `from` and `to` are local dates (YYYY-MM-DD) in the business's time zone, both included,
 * so "this month" means the clinic's month, not UTC's. `start`/`end` are the instants that bound it (end exclusive:
 * midnight after `to`, local); `previous` is the same number of days just before, for the comparison figures.
 */
export interface ReportRange {
  from: string;
  to: string;
  timezone: string;
  start: Date;
  end: Date;
  days: number;
  previous: { from: string; to: string; start: Date; end: Date };
}

const ymd = (text: string) => { const [y, m, d] = text.split('-').map(Number); return { year: y!, month: m!, day: d! }; };
const text = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
const midnight = (d: { year: number; month: number; day: number }, timezone: string) => zonedInstant(d.year, d.month, d.day, 0, 0, timezone);
const dayCount = (from: string, to: string) => Math.round((Date.UTC(ymd(to).year, ymd(to).month - 1, ymd(to).day) - Date.UTC(ymd(from).year, ymd(from).month - 1, ymd(from).day)) / DAY) + 1;

/** Reads `?from=&to=` (both required local dates, from ≤ to, at most MAX_REPORT_DAYS days); 400 naming the field otherwise. */
export function parseReportRange(query: Record<string, unknown>, timezone: string): ReportRange {
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (typeof value !== 'string' || !isLocalDate(value)) throw badRequest('invalid_field', `${field} must be a date YYYY-MM-DD`, field);
  }
  const from = query.from as string;
  const to = query.to as string;
  if (from > to) throw badRequest('invalid_field', 'from must not be after to', 'from');
  const days = dayCount(from, to);
  if (days > MAX_REPORT_DAYS) throw badRequest('invalid_field', `A report covers at most ${MAX_REPORT_DAYS} days`, 'to');
  return reportRange(from, to, timezone);
}

/** The range for two valid local dates (see parseReportRange), with the previous period of the same length. */
export function reportRange(from: string, to: string, timezone: string): ReportRange {
  const days = dayCount(from, to);
  const prevFrom = addDays(ymd(from), -days);
  const prevTo = addDays(ymd(from), -1);
  return {
    from, to, timezone, days,
    start: midnight(ymd(from), timezone),
    end: midnight(addDays(ymd(to), 1), timezone),
    previous: { from: text(prevFrom), to: text(prevTo), start: midnight(prevFrom, timezone), end: midnight(ymd(from), timezone) },
  };
}

/** Each local day of the range, in order, with the instants that bound it (a DST day is 23 or 25 hours). */
export function daysOf(range: Pick<ReportRange, 'from' | 'days' | 'timezone'>): { date: string; start: Date; end: Date }[] {
  return Array.from({ length: range.days }, (_, i) => {
    const day = addDays(ymd(range.from), i);
    return { date: text(day), start: midnight(day, range.timezone), end: midnight(addDays(day, 1), range.timezone) };
  });
}
