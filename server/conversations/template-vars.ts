import type { Settings } from '../../rules/types';
import type { Appointment, Contact } from '../db/entities';
import { formatWhen } from '../../rules/appointments/format-when';

/** One formatter for the engine's replies and the shell's: "11月22日(周六) 10:00" or "Sat 22 Nov, 10:00". */
export { formatWhen };

export interface TemplateVarSources {
  settings: Settings;
  contact: Contact;
  appointment?: Appointment | null;
  slots?: Array<{ option: string; startsAt: Date }>;
}

/** The variables every template may use (the admin editor lists the same names). */
export function buildTemplateVars({ settings, contact, appointment, slots }: TemplateVarSources): Record<string, unknown> {
  const tz = contact.timezone || settings.timezone;
  return {
    business: { name: settings.businessName, phone: settings.businessPhone ?? '' },
    contact: { name: contact.name ?? (contact.locale.startsWith('en') ? 'there' : '顾客'), phone: contact.phone },
    ...(appointment ? {
      appointment: {
        service: appointment.service, location: appointment.location ?? settings.businessName,
        when: formatWhen(appointment.startsAt, tz, contact.locale), startsAt: appointment.startsAt.toISOString(),
      },
    } : {}),
    ...(slots ? { slots: slots.map((s) => ({ option: s.option, when: formatWhen(s.startsAt, tz, contact.locale) })) } : {}),
  };
}
