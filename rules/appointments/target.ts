import type { AppointmentFact, Facts } from '../types';
import { normalize } from '../text/normalize';
import { readWhen, type WhenReading } from '../dates/extract-when';

const ACTIVE = ['booked', 'confirmed'];

/**
 * The appointment a reply is about: the one the live menu was sent for while it is still booked or confirmed, else
 * the contact's next upcoming one. The shell asks the same question to know whose free slots to look up.
 */
export function appointmentInQuestion(facts: Pick<Facts, 'upcoming' | 'menuAppointment'>): AppointmentFact | undefined {
  const byMenu = facts.menuAppointment;
  if (byMenu && ACTIVE.includes(byMenu.status)) return byMenu;
  return facts.upcoming[0];
}

/** The time a text names, read exactly as the engine's stages read it, so the facts cover the time decided on. */
export function requestedTime(text: string, now: string, timezone: string): WhenReading | undefined {
  return readWhen(normalize(text).text, now, timezone);
}
