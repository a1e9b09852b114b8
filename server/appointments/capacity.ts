import type { EntityManager } from 'typeorm';
import type { Period } from '../../rules';
import { slotPlaces } from './slot-finder';
import type { Venue } from './venue';
import { atLocalMinute, hhmmToMinutes, localDate, localParts } from './zoned-time';

type Minutes = [number, number];

/** Where a staff member's own hours and the venue's overlap: both must be open for a booking with them. */
function intersect(venue: Minutes[], own: Minutes[] | null): Minutes[] {
  if (!own) return venue;
  return venue.flatMap(([a, b]) => own.map(([c, d]): Minutes => [Math.max(a, c), Math.min(b, d)])).filter(([a, b]) => a < b);
}

const toMinutes = (periods: Period[] | undefined): Minutes[] => (periods ?? []).map(([a, b]) => [hhmmToMinutes(a), hhmmToMinutes(b)]);
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export interface CapacityQuery {
  venue: Venue; from: Date; to: Date; durationMin: number; bufferMin: number; staffId?: number; staffPeriods?: Record<string, Period[]>;
}

/**
 * A calendar's view of a location between two instants: the weekly hours (for shading), each local day's open periods
 * as instants (none on a closed date or a day off), and each slot's free places. Slot rules are slot-finder.ts's own.
 */
export async function capacityOf(em: EntityManager, q: CapacityQuery) {
  const { venue } = q;
  const own = (weekday: string) => (q.staffPeriods ? toMinutes(q.staffPeriods[weekday]) : null);
  const weekdays = ['1', '2', '3', '4', '5', '6', '7'];
  const weeklyHours = Object.fromEntries(weekdays.map((d) => [d, intersect(toMinutes(venue.periods[d]), own(d)).map(([a, b]) => [toHhmm(a), toHhmm(b)])]));
  const days = [];
  for (let d = 0; ; d++) {
    const noon = atLocalMinute(q.from, d, 12 * 60, venue.timezone);
    const date = localDate(noon, venue.timezone);
    if (atLocalMinute(q.from, d, 0, venue.timezone) >= q.to) break;
    const weekday = String(localParts(noon, venue.timezone).isoWeekday);
    const closed = venue.closedDates.includes(date);
    const periods = closed ? [] : intersect(toMinutes(venue.periods[weekday]), own(weekday))
      .map(([a, b]) => ({ startsAt: atLocalMinute(q.from, d, a, venue.timezone).toISOString(), endsAt: atLocalMinute(q.from, d, b, venue.timezone).toISOString() }));
    days.push({ date, closed, periods });
  }
  const slots = await slotPlaces(em, { venue, from: q.from, to: q.to, durationMin: q.durationMin, bufferMin: q.bufferMin, staffId: q.staffId, staffPeriods: q.staffPeriods });
  return {
    location: { id: venue.id, name: venue.name, timezone: venue.timezone, capacity: venue.capacity, slotMinutes: venue.slotMinutes },
    weeklyHours, closedDates: venue.closedDates, days,
    slots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), free: s.free })),
  };
}
