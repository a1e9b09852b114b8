import { localTime, minutesOf, zonedInstant } from '../../rules';

// Wall-clock arithmetic lives in the rules engine (pure, cached per quarter hour); these are the diary's words for it.

/** Local wall-clock parts of an instant in a time zone. */
export const localParts = localTime;

/** The instant at which the wall clock in `timezone` shows the given local time. */
export const zonedTime = zonedInstant;

/** '09:30' → 570. */
export const hhmmToMinutes = minutesOf;

/** Minutes since local midnight. */
export function minuteOfDay(date: Date, timezone: string): number {
  const p = localTime(date, timezone);
  return p.hour * 60 + p.minute;
}

/** The local calendar date 'YYYY-MM-DD'. */
export function localDate(date: Date, timezone: string): string {
  const p = localTime(date, timezone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant of a local minute-of-day on the local day that is `dayOffset` days after `date`'s local day. */
export function atLocalMinute(date: Date, dayOffset: number, minute: number, timezone: string): Date {
  const p = localTime(date, timezone);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + dayOffset));
  return zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(minute / 60), minute % 60, timezone);
}
