import { localTime, zonedInstant } from '../../rules';
import type { AppointmentFact, Awaiting, Facts, SlotFact } from '../../rules/types';
import { requestedTime } from '../../rules/appointments/target';
import { SLOT_OPTIONS } from '../../rules/appointments/outcome';

const DAY_MS = 86_400_000;
const SAMPLE_ID = 1;
const BEFORE_THE_VISIT = ['confirm', 'reschedule', 'cancel', 'remind', 'complete', 'no-show'];

/** 10:00 local, `days` after today: sample times are always ahead of the admin's now, never in the past. */
function at10(now: Date, timezone: string, days: number): string {
  const today = localTime(now, timezone);
  return new Date(zonedInstant(today.year, today.month, today.day, 10, 0, timezone).getTime() + days * DAY_MS).toISOString();
}

const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/**
 * Facts for the admin's *try it* when no contact is named: one booked cleaning the day after tomorrow at 10:00, free
 * times on the days after it, and — for a menu being answered — the appointment or slots that menu was about. Every
 * time is relative to `now`, so the preview reads like a real customer's would today.
 */
export function sampleFacts(q: { now: Date; timezone: string; service: string; location: string; awaiting?: Awaiting; text: string }): Facts {
  const startsAt = at10(q.now, q.timezone, 2);
  const upcoming: AppointmentFact = {
    id: SAMPLE_ID, startsAt, endsAt: plusMinutes(startsAt, 30), service: q.service, location: q.location, status: 'booked', commands: BEFORE_THE_VISIT,
  };
  const nextSlots: SlotFact[] = [3, 4, 5].map((d) => ({ startsAt: at10(q.now, q.timezone, d) }));
  const facts: Facts = { upcoming: [upcoming], nextSlots };
  if (q.awaiting?.menu === 'appointment_choose') {
    const later = at10(q.now, q.timezone, 9);
    const second: AppointmentFact = { ...upcoming, id: SAMPLE_ID + 1, startsAt: later, endsAt: plusMinutes(later, 30) };
    facts.upcoming.push(second);
    facts.menuChoices = [{ option: 'A', appointment: upcoming }, { option: 'B', appointment: second }];
  } else if (q.awaiting?.menu === 'csat_survey') {
    const yesterday = at10(q.now, q.timezone, -1);
    facts.menuAppointment = { ...upcoming, startsAt: yesterday, endsAt: plusMinutes(yesterday, 30), status: 'completed', commands: [] };
  } else if (q.awaiting) {
    facts.menuAppointment = upcoming;
  }
  if (q.awaiting?.options.some((o) => SLOT_OPTIONS.includes(o))) {
    facts.offered = nextSlots.map((s, i) => ({ option: SLOT_OPTIONS[i], startsAt: s.startsAt, free: true, nearest: [s] }));
  }
  const reading = requestedTime(q.text, q.now.toISOString(), q.timezone);
  if (reading) {
    // A sample clinic with room at any time asked for, and the half hours beside it.
    const nearest = [0, 30, 60].map((m) => ({ startsAt: plusMinutes(reading.iso, m) }));
    facts.requested = { when: reading.iso, precision: reading.precision, free: reading.precision === 'time', nearest };
  }
  return facts;
}
