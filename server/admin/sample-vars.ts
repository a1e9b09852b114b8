import type { Settings } from '../../rules/types';

/** The sample contact and appointment admins preview templates and rules with. */
export function sampleTemplateVars(settings: Settings, locale: string) {
  const en = locale.startsWith('en');
  return {
    business: { name: settings.businessName, phone: settings.businessPhone ?? '0571-8888 0000' },
    contact: { name: en ? 'Alex Chen' : '张伟', phone: '+8613800138000' },
    appointment: { service: en ? 'Dental cleaning' : '洗牙', when: en ? 'Thu 26 Nov, 10:00' : '11月26日(周四) 10:00', location: settings.businessName, startsAt: '2026-11-26T02:00:00.000Z' },
    slots: [
      { option: 'A', when: en ? 'Fri 27 Nov, 10:00' : '11月27日(周五) 10:00' },
      { option: 'B', when: en ? 'Sat 28 Nov, 10:00' : '11月28日(周六) 10:00' },
      { option: 'C', when: en ? 'Mon 30 Nov, 10:00' : '11月30日(周一) 10:00' },
    ],
    reopensAt: '09:00',
    // What effects add at send time: a survey score, and the options a confused menu answer is reminded of.
    score: 5,
    options: '1/2/3/0',
    // A "which appointment?" question (appointment_choose).
    count: 2,
    appointments: [
      { option: 'A', service: en ? 'Dental cleaning' : '洗牙', when: en ? 'Thu 26 Nov, 10:00' : '11月26日(周四) 10:00' },
      { option: 'B', service: en ? 'Check-up' : '复诊', when: en ? 'Wed 2 Dec, 15:00' : '12月2日(周三) 15:00' },
    ],
  };
}
