/**
 * Wall-clock arithmetic in a named time zone with Intl only. The engine never relies on the process time zone:
 * the server may run in UTC while the clinic and its customers live in Asia/Shanghai.
 */
export interface LocalTime { year: number; month: number; day: number; hour: number; minute: number; isoWeekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function viaIntl(instant: Date, timezone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute), isoWeekday: WEEKDAYS[parts.weekday],
  };
}

/**
 * The zone's UTC offset, remembered per quarter hour (offsets only change on quarter-hour instants): Intl's
 * formatToParts costs ~20 µs, and every hand-off asks what time it is at the clinic.
 */
const offsets = new Map<string, number>();
const QUARTER = 15 * 60_000;
const DAY = 86_400_000;

function quarterOffset(ms: number, timezone: string): number {
  const key = `${timezone}|${Math.floor(ms / QUARTER)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const t = viaIntl(new Date(Math.floor(ms / QUARTER) * QUARTER), timezone);
    offset = (Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - Math.floor(ms / QUARTER) * QUARTER) / 60_000;
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * Remembered per UTC day when the day's first and last quarter hours have the same offset (nearly every day: a report
 * reads a year of instants, one per quarter hour would be 35,000 Intl calls); a day with a DST change asks per quarter.
 */
const dayOffsets = new Map<string, number | null>();

function offsetMinutes(ms: number, timezone: string): number {
  const day = Math.floor(ms / DAY);
  const key = `${timezone}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = quarterOffset(day * DAY, timezone);
    offset = first === quarterOffset((day + 1) * DAY - QUARTER, timezone) ? first : null;
    if (dayOffsets.size > 10_000) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset ?? quarterOffset(ms, timezone);
}

export function localTime(instant: Date, timezone: string): LocalTime {
  const ms = instant.getTime();
  const shifted = new Date(ms + offsetMinutes(ms, timezone) * 60_000);
  return {
    year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(), minute: shifted.getUTCMinutes(), isoWeekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/** The instant when the zone's clock shows this date and time (DST gaps resolve forward). */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timezone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const seen = localTime(new Date(guess), timezone);
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    if (shown === wall) break;
    guess += wall - shown;
  }
  return new Date(guess);
}

/** The calendar date `days` after the given one (month and year roll over). */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function isValidTimeZone(timezone: string): boolean {
  try { formatter(timezone); return true; } catch { return false; }
}
