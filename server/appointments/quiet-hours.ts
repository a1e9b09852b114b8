import { atLocalMinute, hhmmToMinutes, minuteOfDay } from './zoned-time';

export interface QuietHours { start: string; end: string }

/** 21:00–08:00 spans midnight; 13:00–14:00 does not. Both are read as [start, end). */
export function isQuiet(at: Date, quiet: QuietHours, timezone: string): boolean {
  const m = minuteOfDay(at, timezone);
  const start = hhmmToMinutes(quiet.start);
  const end = hhmmToMinutes(quiet.end);
  return start <= end ? m >= start && m < end : m >= start || m < end;
}

/** How long before quiet hours begin a reminder moved out of them goes: late enough to matter, early enough to answer. */
const BEFORE_QUIET_MIN = 30;

/**
 * A reminder due in quiet hours goes earlier instead, at 20:30 the evening before (for 21:00–08:00): a reminder
 * after the appointment's eve would be too late to rebook, and a later one might land after the visit.
 * @example shiftBeforeQuiet(06:00 local) // → 20:30 local the previous evening
 */
export function shiftBeforeQuiet(due: Date, quiet: QuietHours, timezone: string): Date {
  if (!isQuiet(due, quiet, timezone)) return due;
  const start = hhmmToMinutes(quiet.start);
  const dayOffset = minuteOfDay(due, timezone) >= start ? 0 : -1;
  return atLocalMinute(due, dayOffset, start - BEFORE_QUIET_MIN, timezone);
}

/** The first moment at or after `at` outside quiet hours: for messages that may wait (surveys), never go early. */
export function nextOutsideQuiet(at: Date, quiet: QuietHours, timezone: string): Date {
  if (!isQuiet(at, quiet, timezone)) return at;
  const end = hhmmToMinutes(quiet.end);
  const dayOffset = minuteOfDay(at, timezone) < end ? 0 : 1;
  return atLocalMinute(at, dayOffset, end, timezone);
}
