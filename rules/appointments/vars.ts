import type { AppointmentFact } from '../types';
import type { StageContext } from '../stages/stage';
import { formatWhen } from './format-when';

/** The appointment as its reply shows it, at its own time or at the one it is moving to. */
export function appointmentVars(ctx: StageContext, appt: AppointmentFact, startsAt = appt.startsAt) {
  return { service: appt.service, location: appt.location, when: formatWhen(new Date(startsAt), ctx.timezone, ctx.input.contact.locale), startsAt };
}
