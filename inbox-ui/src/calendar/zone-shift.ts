/**
 * FullCalendar shows named time zones only through a plugin (luxon/moment), and the browser's own zone may not be the
 * clinic's. So the calendar runs with timeZone 'UTC' and every instant is shifted by its zone's UTC offset first: a
 * 10:00 Shanghai visit (02:00Z) becomes the Date 10:00Z, which a UTC calendar draws at 10:00. Dates coming back from
 * the calendar (a click, a drop) are "wall" Dates and are shifted back. The offset is read with Intl for each instant,
 * so a daylight-saving zone is right on both sides of its change.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds the zone's wall clock is ahead of UTC at this instant (+8 h for Asia/Shanghai). */
export function offsetMs(instant: Date, timeZone: string): number {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(instant).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** An instant as the Date a UTC calendar draws at the zone's wall-clock time. */
export function toWall(instant: Date | string, timeZone: string): Date {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return new Date(d.getTime() + offsetMs(d, timeZone));
}

/** The instant a wall Date (from the calendar) means in the zone: guess with the offset there, then correct once. */
export function fromWall(wall: Date, timeZone: string): Date {
  const guess = new Date(wall.getTime() - offsetMs(wall, timeZone));
  return new Date(wall.getTime() - offsetMs(guess, timeZone));
}

/** 'YYYY-MM-DD' and 'HH:MM' of a wall Date (read in UTC, which is what it is drawn in). */
export const wallDay = (wall: Date) => wall.toISOString().slice(0, 10);
export const wallTime = (wall: Date) => wall.toISOString().slice(11, 16);

/** The instant of a local date and 'HH:MM' in the zone. */
export const zonedInstant = (day: string, hhmm: string, timeZone: string) => fromWall(new Date(`${day}T${hhmm}:00Z`), timeZone);
