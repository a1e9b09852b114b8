import { In, IsNull, LessThan, MoreThan, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { isMysql } from '../db/data-source';
import { ACTIVE_STATUSES, Appointment, Service } from '../db/entities';
import type { Period } from '../../rules';
import type { Venue } from './venue';
import { atLocalMinute, hhmmToMinutes, localDate, localParts } from './zoned-time';

const HORIZON_DAYS = 28;
/** The longest buffer a service may have (catalog-schemas.ts): an appointment that ended this long ago may still hold its place. */
const MAX_BUFFER_MS = 240 * 60_000;

export interface SlotQuery {
  venue: Venue;
  durationMin: number;
  /** Earliest start (inclusive). */
  after: Date;
  limit: number;
  staffId?: number | null;
  /** The appointment being moved does not compete with itself. */
  ignoreId?: number;
  /** Minutes after the appointment (cleaning the chair) that no other booking may use; existing bookings keep their service's. */
  bufferMin?: number;
  /** The staff member's own working periods by ISO weekday, when they have any (else the venue's hours). */
  staffPeriods?: Record<string, Period[]>;
  /** Chronological without; otherwise closest to this local time of day, or closest to this instant. */
  prefer?: { timeOfDay: number } | { nearest: Date };
}

export interface Slot { startsAt: Date; endsAt: Date }
type Busy = Pick<Appointment, 'startsAt' | 'endsAt' | 'staffId' | 'locationId' | 'serviceId'>;

interface Candidate { start: Date; minute: number }

/**
 * Slot starts of one local day: each fits wholly inside one period (so none straddles a break) and, with a staff
 * member's own hours, inside one of theirs too. The day's UTC offset is read once, at noon: clocks change at night,
 * outside any opening hours, and asking Intl for every slot would cost ~20 µs each.
 */
function startsOfDay(venue: Venue, after: Date, dayOffset: number, durationMin: number, staffPeriods?: Record<string, Period[]>): Candidate[] {
  const noon = atLocalMinute(after, dayOffset, 12 * 60, venue.timezone);
  const local = localParts(noon, venue.timezone);
  const periods = venue.periods[String(local.isoWeekday)] ?? [];
  if (periods.length === 0 || venue.closedDates.includes(localDate(noon, venue.timezone))) return [];
  const own = staffPeriods ? (staffPeriods[String(local.isoWeekday)] ?? []).map(([a, b]) => [hhmmToMinutes(a), hhmmToMinutes(b)]) : null;
  const midnight = noon.getTime() - 12 * 3_600_000;
  const out: Candidate[] = [];
  for (const [open, close] of periods) {
    for (let m = hhmmToMinutes(open); m + durationMin <= hhmmToMinutes(close); m += venue.slotMinutes) {
      if (own && !own.some(([a, b]) => m >= a && m + durationMin <= b)) continue;
      const start = new Date(midnight + m * 60_000);
      if (start >= after) out.push({ start, minute: m });
    }
  }
  return out;
}

function candidates(venue: Venue, after: Date, durationMin: number, days: number, staffPeriods?: Record<string, Period[]>): Candidate[] {
  return Array.from({ length: days }, (_, d) => startsOfDay(venue, after, d, durationMin, staffPeriods)).flat();
}

/** Starts that fit the periods and closed days of the venue (and the staff member's hours), in order, from `after` on. */
export function candidateStarts(venue: Venue, after: Date, durationMin: number, days = HORIZON_DAYS, staffPeriods?: Record<string, Period[]>): Date[] {
  return candidates(venue, after, durationMin, days, staffPeriods).map((c) => c.start);
}

/** Appointments that hold a place at this venue (or with this staff member) between two instants. */
export async function loadBusy(em: EntityManager, q: { venue: Venue; staffId?: number | null; from: Date; to: Date; ignoreId?: number; locking?: boolean }): Promise<Busy[]> {
  const base: FindOptionsWhere<Appointment> = {
    status: In(ACTIVE_STATUSES), startsAt: LessThan(q.to), endsAt: MoreThan(q.from), ...(q.ignoreId ? { id: Not(q.ignoreId) } : {}),
  };
  const where: FindOptionsWhere<Appointment>[] = q.venue.id === null ? [base]
    : [{ ...base, locationId: q.venue.id }, ...(q.venue.isDefault ? [{ ...base, locationId: IsNull() }] : [])];
  if (q.staffId) where.push({ ...base, staffId: q.staffId });
  // InnoDB's repeatable read would answer from the transaction's first snapshot, taken before the booking lock was
  // granted; a locking read (FOR UPDATE: MariaDB has no FOR SHARE) sees what the previous holder of the lock committed.
  // SQLite has one writer and no such snapshot problem.
  const lock = q.locking && isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {};
  return em.find(Appointment, { where, select: { id: true, startsAt: true, endsAt: true, staffId: true, locationId: true, serviceId: true }, ...lock });
}

/** A busy appointment as epoch milliseconds: comparing Date objects costs ~100× more, and a search makes 100k comparisons. */
interface Span { start: number; end: number; staffId: number | null; atVenue: boolean }

/** Each busy appointment's service buffer in milliseconds (one query; most services have none). */
async function buffersOf(em: EntityManager, busy: Busy[]): Promise<Map<number, number>> {
  const ids = [...new Set(busy.map((b) => b.serviceId).filter((id): id is number => id != null))];
  if (ids.length === 0) return new Map();
  const services = await em.find(Service, { where: { id: In(ids) }, select: { id: true, bufferMin: true } });
  return new Map(services.filter((s) => s.bufferMin > 0).map((s) => [s.id, s.bufferMin * 60_000]));
}

function toSpans(busy: Busy[], venue: Venue, buffers: Map<number, number>): Span[] {
  return busy.map((b) => ({
    start: b.startsAt.getTime(), end: b.endsAt.getTime() + (b.serviceId != null ? buffers.get(b.serviceId) ?? 0 : 0), staffId: b.staffId ?? null,
    atVenue: venue.id === null || b.locationId === venue.id || (venue.isDefault && b.locationId == null),
  }));
}

/** Fewer overlapping appointments than the venue's capacity, and the staff member (if any) is free. */
function hasRoom(spans: Span[], capacity: number, start: number, end: number, staffId?: number | null): boolean {
  return placesLeft(spans, capacity, start, end, staffId) > 0;
}

/** The venue's capacity minus the appointments overlapping [start, end); none when the staff member (if any) is busy. */
function placesLeft(spans: Span[], capacity: number, start: number, end: number, staffId?: number | null): number {
  let atVenue = 0;
  for (const b of spans) {
    if (b.start >= end || b.end <= start) continue;
    if (staffId && b.staffId === staffId) return 0;
    if (b.atVenue && ++atVenue >= capacity) return 0;
  }
  return capacity - atVenue;
}

type Ranked = Slot & { minute: number };

function rank(slots: Ranked[], prefer: SlotQuery['prefer']): Ranked[] {
  if (!prefer) return slots;
  const distance = 'timeOfDay' in prefer
    ? (s: Ranked) => Math.abs(s.minute - prefer.timeOfDay)
    : (s: Ranked) => Math.abs(s.startsAt.getTime() - prefer.nearest.getTime());
  // Stable sort: among equally good times of day, the earliest day wins.
  return slots.map((s) => ({ s, d: distance(s) })).sort((a, b) => a.d - b.d).map((x) => x.s);
}

/**
 * The next free slots for a service: inside a period of a day that is not closed, below capacity, counting each
 * booking's buffer after it (this one's and those already booked) as taken.
 * With a preference the best `limit` are chosen (the customer's usual time of day first), then shown in date order.
 */
export async function findFreeSlots(em: EntityManager, q: SlotQuery): Promise<Slot[]> {
  const found = candidates(q.venue, q.after, q.durationMin, HORIZON_DAYS, q.staffPeriods);
  if (found.length === 0) return [];
  const ms = q.durationMin * 60_000;
  const held = ms + (q.bufferMin ?? 0) * 60_000;
  const busy = await loadBusy(em, { ...q, from: new Date(found[0].start.getTime() - MAX_BUFFER_MS), to: new Date(found.at(-1)!.start.getTime() + held) });
  const spans = toSpans(busy, q.venue, await buffersOf(em, busy));
  const free = found.filter((c) => hasRoom(spans, q.venue.capacity, c.start.getTime(), c.start.getTime() + held, q.staffId))
    .map((c) => ({ startsAt: c.start, endsAt: new Date(c.start.getTime() + ms), minute: c.minute }));
  return rank(free, q.prefer).slice(0, q.limit).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map(({ startsAt, endsAt }) => ({ startsAt, endsAt }));
}

/** Whether this exact start is bookable: a slot start in opening hours with room left. */
export async function isBookable(em: EntityManager, q: Omit<SlotQuery, 'after' | 'limit' | 'prefer'> & { startsAt: Date }): Promise<boolean> {
  const dayStart = atLocalMinute(q.startsAt, 0, 0, q.venue.timezone);
  const fits = candidateStarts(q.venue, dayStart, q.durationMin, 1, q.staffPeriods).some((s) => s.getTime() === q.startsAt.getTime());
  if (!fits) return false;
  const heldUntil = q.startsAt.getTime() + (q.durationMin + (q.bufferMin ?? 0)) * 60_000;
  const busy = await loadBusy(em, { ...q, from: new Date(q.startsAt.getTime() - MAX_BUFFER_MS), to: new Date(heldUntil), locking: true });
  return hasRoom(toSpans(busy, q.venue, await buffersOf(em, busy)), q.venue.capacity, q.startsAt.getTime(), heldUntil, q.staffId);
}

export interface SlotPlaces extends Slot { free: number }

/**
 * Every slot start between two instants with the places still free in it (0 when full), by the same rules as
 * findFreeSlots: the calendar shades what the booking API would accept.
 */
export async function slotPlaces(em: EntityManager, q: Omit<SlotQuery, 'after' | 'limit' | 'prefer' | 'ignoreId'> & { from: Date; to: Date }): Promise<SlotPlaces[]> {
  const days = Math.ceil((q.to.getTime() - q.from.getTime()) / 86_400_000) + 1;
  const found = candidates(q.venue, q.from, q.durationMin, days, q.staffPeriods).filter((c) => c.start < q.to);
  if (found.length === 0) return [];
  const ms = q.durationMin * 60_000;
  const held = ms + (q.bufferMin ?? 0) * 60_000;
  const busy = await loadBusy(em, { ...q, from: new Date(found[0].start.getTime() - MAX_BUFFER_MS), to: new Date(found.at(-1)!.start.getTime() + held) });
  const spans = toSpans(busy, q.venue, await buffersOf(em, busy));
  return found.map((c) => ({
    startsAt: c.start, endsAt: new Date(c.start.getTime() + ms), free: placesLeft(spans, q.venue.capacity, c.start.getTime(), c.start.getTime() + held, q.staffId),
  }));
}
