import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { Service, type Appointment } from '../db/entities';
import { findFreeSlots, type Slot, type SlotQuery } from './slot-finder';
import { resolveVenue, staffPeriods } from './venue';
import { minuteOfDay } from './zoned-time';

/** Offers start at least this long from now: a slot in ten minutes is no use to someone reading a text. */
const MIN_NOTICE_MS = 60 * 60_000;

/**
 * The times an appointment can move to, as the SMS offer and the inbox's reschedule picker both show them: free,
 * at least an hour away, not the current time, and by default at the appointment's own time of day.
 */
export async function rescheduleOptions(em: EntityManager, q: {
  appt: Appointment; settings: Settings; now: Date; timezone: string; limit: number; after?: Date; prefer?: SlotQuery['prefer'];
}): Promise<Slot[]> {
  const { appt } = q;
  const venue = await resolveVenue(em, appt.locationId, q.settings);
  const earliest = new Date(Math.max(q.after?.getTime() ?? 0, q.now.getTime() + MIN_NOTICE_MS));
  const bufferMin = appt.serviceId ? (await em.findOneBy(Service, { id: appt.serviceId }))?.bufferMin ?? 0 : 0;
  const found = await findFreeSlots(em, {
    venue, bufferMin, durationMin: (appt.endsAt.getTime() - appt.startsAt.getTime()) / 60_000, after: earliest, limit: q.limit + 1,
    // The staff member's own hours too: moving is booked by the same rules (claimSlot), so an offer outside them
    // would be refused when the customer picks it.
    staffId: appt.staffId, staffPeriods: await staffPeriods(em, appt.staffId), ignoreId: appt.id, prefer: q.prefer ?? { timeOfDay: minuteOfDay(appt.startsAt, q.timezone) },
  });
  return found.filter((s) => s.startsAt.getTime() !== appt.startsAt.getTime()).slice(0, q.limit);
}
