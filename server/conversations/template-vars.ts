import type { Settings } from '../../rules/types';
import type { Appointment, Contact } from '../db/entities';

const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "11月22日(周六) 10:00" or "Sat 22 Nov, 10:00" in the given time zone: how a customer reads an appointment time. */
export function formatWhen(date: Date, timezone: string, locale: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone, month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  if (locale.startsWith('en')) return `${parts.weekday} ${parts.day} ${parts.month}, ${parts.hour}:${parts.minute}`;
  const month = new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'numeric' }).format(date);
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(date);
  const dayIndex = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(weekday);
  return `${month}月${parts.day}日(${WEEKDAYS_ZH[dayIndex]}) ${parts.hour}:${parts.minute}`;
}

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
    business: { name: settings.businessName },
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
