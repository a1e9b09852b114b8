import type { EntityManager } from 'typeorm';
import type { AppointmentFact, Awaiting, Facts, Settings, SlotFact } from '../../rules/types';
import { appointmentInQuestion, requestedTime } from '../../rules/appointments/target';
import { SLOT_OPTIONS } from '../../rules/appointments/outcome';
import { commandsFor } from '../appointments/appointment-commands';
import { rescheduleOptions } from '../appointments/reschedule-options';
import { gatherBookingFacts } from '../appointments/new-booking-facts';
import type { Slot, SlotQuery } from '../appointments/slot-finder';
import { ACTIVE_STATUSES, Appointment } from '../db/entities';
import { selectRows, storedValue } from '../db/select-rows';
import type { AwaitingContext } from '../db/entities/conversation.entity';

/** Enough to ask "which one?" without listing a year of check-ups. */
const MAX_UPCOMING = 5;

export interface FactSources {
  settings: Settings;
  now: Date;
  /** The contact's (or the business's) time zone: the one the engine reads times in. */
  timezone: string;
  /** Null for a sample with no contact behind it. */
  contactId: number | null;
  /** The contact was created by the text being decided: it has no appointments to look up. */
  newContact?: boolean;
  awaiting: Awaiting | null;
  awaitingContext: AwaitingContext | null;
  text: string;
}

const iso = (s: Slot): SlotFact => ({ startsAt: s.startsAt.toISOString() });

function toFact(appt: Appointment, settings: Settings, now: Date): AppointmentFact {
  return {
    id: appt.id, startsAt: appt.startsAt.toISOString(), endsAt: appt.endsAt.toISOString(), service: appt.service,
    location: appt.location ?? settings.businessName, status: appt.status, commands: commandsFor(appt, now),
  };
}

/**
 * What a decision about this text may need, looked up before the engine is asked (the engine never asks for more):
 * the contact's upcoming appointments, the one a live menu is about, and — for the appointment in question, while it
 * can still move — the free slots around a time the text names, around each slot of a live offer, and the default
 * offer; and, while a campaign's menu or its booking offer is live, what a new booking needs. Plain JSON, so the decision that follows can be stored and replayed with them.
 */
export async function gatherFacts(em: EntityManager, q: FactSources): Promise<Facts> {
  const upcoming = q.contactId === null || q.newContact ? [] : await selectRows(em, Appointment,
    `contact_id = ? AND status IN (${ACTIVE_STATUSES.map(() => '?').join(', ')}) AND starts_at > ?`,
    [q.contactId, ...ACTIVE_STATUSES, storedValue(em, Appointment, 'startsAt', q.now)], `ORDER BY starts_at ASC LIMIT ${MAX_UPCOMING}`);
  const menuId = q.awaitingContext?.appointmentId;
  const byMenu = menuId && q.contactId !== null
    ? upcoming.find((a) => a.id === menuId) ?? await em.findOneBy(Appointment, { id: menuId, contactId: q.contactId }) : null;
  const facts: Facts = { upcoming: upcoming.map((a) => toFact(a, q.settings, q.now)), ...(byMenu ? { menuAppointment: toFact(byMenu, q.settings, q.now) } : {}) };
  const choices = Object.entries(q.awaitingContext?.appointments ?? {});
  if (choices.length && q.contactId !== null) {
    facts.menuChoices = [];
    for (const [option, id] of choices) {
      const appt = upcoming.find((a) => a.id === id) ?? await em.findOneBy(Appointment, { id, contactId: q.contactId });
      if (appt) facts.menuChoices.push({ option, appointment: toFact(appt, q.settings, q.now) });
    }
  }
  const booking = await gatherBookingFacts(em, q);
  if (booking) facts.booking = booking;
  const target = appointmentInQuestion(facts);
  if (!target?.commands.includes('reschedule')) return facts;
  const appt = byMenu?.id === target.id ? byMenu : upcoming.find((a) => a.id === target.id)!;
  return { ...facts, ...await slotFacts(em, q, appt) };
}

async function slotFacts(em: EntityManager, q: FactSources, appt: Appointment): Promise<Pick<Facts, 'requested' | 'offered' | 'nextSlots'>> {
  const free = (q2: { after?: Date; prefer?: SlotQuery['prefer'] }) =>
    rescheduleOptions(em, { appt, settings: q.settings, now: q.now, timezone: q.timezone, limit: SLOT_OPTIONS.length, ...q2 });
  // Free means the search finds it: it is nearest to itself, so it comes first when nothing holds it.
  const around = async (wanted: string) => {
    const nearest = await free({ prefer: { nearest: new Date(wanted) } });
    return { free: nearest.some((s) => s.startsAt.toISOString() === wanted), nearest: nearest.map(iso) };
  };
  const out: Pick<Facts, 'requested' | 'offered' | 'nextSlots'> = {};
  const reading = requestedTime(q.text, q.now.toISOString(), q.timezone);
  if (reading) {
    const found = await around(reading.iso);
    out.requested = { when: reading.iso, precision: reading.precision, free: reading.precision === 'time' && found.free, nearest: found.nearest };
  }
  const offered = Object.entries(q.awaitingContext?.slots ?? {});
  // One after another: the transaction has one connection.
  if (offered.length) {
    out.offered = [];
    for (const [option, startsAt] of offered) out.offered.push({ option, startsAt, ...await around(startsAt) });
  }
  // "还有别的时间吗" while an offer is open: the next ones after the last offered.
  const last = q.awaiting?.menu === 'reschedule_offer' && offered.length ? Math.max(...offered.map(([, s]) => Date.parse(s))) : null;
  out.nextSlots = (await free(last === null ? {} : { after: new Date(last + 60_000) })).map(iso);
  return out;
}
