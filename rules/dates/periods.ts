/** A period of work, local 'HH:MM' to 'HH:MM'; a gap between two periods of a day is a break. */
export type Period = [string, string];

/** One day's hours as stored: the old single [open, close] pair, or a list of periods (several a day). */
export type DayHours = Period | Period[];

/** The API's weekday names, Monday first (ISO weekday = index + 1). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];
export type WeeklyPeriods = Record<WeekdayKey, Period[]>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * A day's periods whichever form it was saved in, so settings written before several periods a day stay readable.
 * @example periodsOf(['09:00', '18:00']) // → [['09:00', '18:00']]
 * @example periodsOf(undefined) // → []
 */
export function periodsOf(hours: DayHours | null | undefined): Period[] {
  if (!Array.isArray(hours) || hours.length === 0) return [];
  if (typeof hours[0] === 'string') return [hours as Period];
  return hours as Period[];
}

/**
 * Why a day's periods cannot be used, or null: each is "HH:MM" to a later "HH:MM", in order, not overlapping.
 * @example periodsProblem([['09:00', '12:00'], ['11:00', '18:00']]) // → 'periods overlap or are out of order'
 */
export function periodsProblem(periods: Period[]): string | null {
  for (const [i, p] of periods.entries()) {
    if (!Array.isArray(p) || p.length !== 2 || !HHMM.test(p[0]) || !HHMM.test(p[1]) || p[0] >= p[1]) {
      return 'each period is ["HH:MM", "HH:MM"], start before end';
    }
    if (i > 0 && periods[i - 1][1] > p[0]) return 'periods overlap or are out of order';
  }
  return null;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A local calendar date 'YYYY-MM-DD' that exists (no 2027-02-30). */
export function isLocalDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `{ mon: [...], … }` → ISO weekday '1' … '7' → periods (the engine's and the diary's key). */
export function byIsoWeekday(week: Partial<WeeklyPeriods>): Record<string, Period[]> {
  return Object.fromEntries(WEEKDAY_KEYS.map((k, i) => [String(i + 1), week[k] ?? []]));
}
