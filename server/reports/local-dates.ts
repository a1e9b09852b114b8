import { addDays } from '../../rules';

/**
 * Every local date of a range, in order ('YYYY-MM-DD'), without computing the instants that bound them (daysOf does
 * that, at a time-zone lookup per day): a series needs only the dates its rows are keyed by.
 * @example localDates({ from: '2026-11-30', days: 2 }) // → ['2026-11-30', '2026-12-01']
 */
export function localDates(range: { from: string; days: number }): string[] {
  const [year, month, day] = range.from.split('-').map(Number);
  return Array.from({ length: range.days }, (_, i) => {
    const d = addDays({ year: year!, month: month!, day: day! }, i);
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  });
}
