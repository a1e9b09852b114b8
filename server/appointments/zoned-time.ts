/** Local wall-clock parts of an instant in a time zone. */
export function localParts(date: Date, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; isoWeekday: number } {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short', hourCycle: 'h23',
  }).formatToParts(date).map((x) => [x.type, x.value]));
  const isoWeekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1;
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour, minute: +p.minute, isoWeekday };
}

/** The instant at which the wall clock in `timezone` shows the given local time (DST-safe by re-checking the offset). */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timezone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = localParts(new Date(guess), timezone);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += asUtc - shownUtc;
  }
  return new Date(guess);
}
