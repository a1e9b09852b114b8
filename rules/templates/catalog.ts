/**
 * Templates the engine's own decisions reply with. Each may use only variables the server can always supply at
 * that moment: a hand-off can happen with no appointment in sight, so handoff_ack must not mention one.
 */
const ALWAYS = ['business.name', 'business.phone', 'contact.name', 'contact.phone'];
const APPOINTMENT = ['appointment.service', 'appointment.when', 'appointment.location'];

/** Without a prototype, so an admin's template key "constructor" or "toString" is not mistaken for one of these. */
export const SYSTEM_TEMPLATES: Record<string, { vars: string[]; menu?: boolean }> = Object.assign(Object.create(null), {
  appointment_reminder: { vars: [...ALWAYS, ...APPOINTMENT], menu: true },
  appointment_confirmed: { vars: [...ALWAYS, ...APPOINTMENT] },
  appointment_cancelled: { vars: [...ALWAYS, ...APPOINTMENT] },
  reschedule_offer: { vars: [...ALWAYS, ...APPOINTMENT, 'slots', 'slots[].option', 'slots[].when'], menu: true },
  appointment_rescheduled: { vars: [...ALWAYS, ...APPOINTMENT] },
  csat_survey: { vars: [...ALWAYS, ...APPOINTMENT], menu: true },
  csat_thanks: { vars: [...ALWAYS, 'score'] },
  handoff_ack: { vars: ALWAYS },
  handoff_ack_closed: { vars: [...ALWAYS, 'reopensAt'] },
  opt_out_confirmation: { vars: ALWAYS },
  opt_in_confirmation: { vars: ALWAYS },
  help: { vars: ALWAYS },
  menu_clarify: { vars: [...ALWAYS, 'options'] },
  // A bare 取消/cancel outside an appointment menu: "1 the visit, 2 the texts?", never a guess.
  cancel_or_stop: { vars: ALWAYS, menu: true },
  appointment_check: { vars: [...ALWAYS, ...APPOINTMENT], menu: true },
  appointment_choose: { vars: [...ALWAYS, 'count', 'appointments', 'appointments[].option', 'appointments[].service', 'appointments[].when'], menu: true },
  opt_out_marketing_confirmation: { vars: ALWAYS },
  urgent_ack: { vars: ALWAYS },
  greeting: { vars: ALWAYS },
  // Answers to a campaign's reply menu (issue 16): a tag's thank-you, a marketing yes, and a new booking by text.
  campaign_thanks: { vars: ALWAYS },
  campaign_opt_in_confirmation: { vars: ALWAYS },
  booking_offer: { vars: [...ALWAYS, 'service', 'slots', 'slots[].option', 'slots[].when'], menu: true },
  appointment_booked: { vars: [...ALWAYS, ...APPOINTMENT] },
});

export const DEFAULT_LOCALE = 'zh-CN';

/**
 * 'zh-TW' → 'zh-TW', else 'zh', else the default locale, else whatever the template has. Own keys only: a locale
 * such as "constructor" is a key of every object's prototype, not a body.
 * @example pickLocale({ 'zh-CN': '…', en: '…' }, 'constructor') // → 'zh-CN'
 */
export function pickLocale(bodies: Record<string, string>, locale: string): string | undefined {
  if (Object.hasOwn(bodies, locale)) return locale;
  const lang = locale.split('-')[0];
  const sameLang = Object.keys(bodies).find((k) => k === lang || k.split('-')[0] === lang);
  if (sameLang) return sameLang;
  if (Object.hasOwn(bodies, DEFAULT_LOCALE)) return DEFAULT_LOCALE;
  return Object.keys(bodies)[0];
}
