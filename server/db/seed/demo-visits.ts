import { insertRows, type SqlValue } from '../bulk-insert';
import { Appointment, type AppointmentEventKind, type AppointmentStatus } from '../entities';
import { SERVICES } from './demo-people';
import { between, chance, isZh, localAt, pick, plusMinutes, templateText, weekdayOf, whenText, type DemoWorld } from './demo-world';

/**
 * The clinic's visits of the past month, told as Huixin would have lived them: booked days ahead, reminded the day
 * before at 10:00 (a few reminders undelivered), answered 1 / 改期 / 取消 by text or not at all, then closed —
 * completed with a satisfaction survey (answered 1–5 by most) or a no-show, more often when unconfirmed.
 * Each event's text is queued at the event's own instant, as the jobs do (text-of-event.ts pairs them so).
 */

const SLOTS = [9 * 60, 9 * 60 + 30, 10 * 60, 10 * 60 + 30, 11 * 60, 14 * 60, 14 * 60 + 30, 15 * 60, 16 * 60, 16 * 60 + 30];
// Mostly pleased, as a well-run clinic's patients are; a few low scores for someone to read.
const SCORES = [5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 2, 1];
const UNDELIVERED = ['unreachable', 'expired', 'no_such_number'];

type EventRow = Record<string, SqlValue>;

export async function seedDemoVisits(w: DemoWorld, patients: DemoWorld['people']): Promise<number> {
  const events: EventRow[] = [];
  let visits = 0;
  for (let daysAgo = 30; daysAgo >= 1; daysAgo--) {
    const weekday = weekdayOf(w, daysAgo);
    if (weekday === 0) continue;
    const slots = [...SLOTS].sort(() => w.random() - 0.5).slice(0, weekday === 6 ? 2 : between(w, 2, 4)).sort((a, b) => a - b);
    for (const slot of slots) {
      await visit(w, pick(w, patients), daysAgo, localAt(w, daysAgo, slot), events);
      visits++;
    }
  }
  await insertRows(w.em, 'appointment_events', events);
  return visits;
}

async function visit(w: DemoWorld, person: DemoWorld['people'][number], daysAgo: number, startsAt: Date, events: EventRow[]): Promise<void> {
  const { timeline } = w;
  const t = person.thread;
  const zh = isZh(person);
  const service = w.services.get(pick(w, zh ? SERVICES.zh : SERVICES.en))!;
  let at = startsAt;
  let status: AppointmentStatus = 'booked';
  const { identifiers } = await w.em.insert(Appointment, {
    contactId: t.contactId, serviceId: service.id, locationId: w.location.id, staffId: null, service: service.name, location: w.location.name,
    startsAt, endsAt: plusMinutes(startsAt, service.durationMin), status, source: 'api', csatScore: null,
  });
  const id = Number(identifiers[0]!.id);
  const event = (kind: AppointmentEventKind, actor: string, when: Date, to: AppointmentStatus, from: AppointmentStatus | null, fromStartsAt: Date | null = null) =>
    events.push({ appointment_id: id, kind, actor, agent_id: null, from_status: from, to_status: to, from_starts_at: fromStartsAt, to_starts_at: at, detail: null, at: when, created_at: when });
  const vars = () => ({ 'contact.name': person.name, 'appointment.when': whenText(w, at, person.locale), 'appointment.service': service.name, 'appointment.location': w.location.name });

  event('booked', 'api', plusMinutes(startsAt, -(between(w, 2, 10) * 1440 + between(w, 60, 300))), 'booked', null);

  // The reminder, the day before at 10:00.
  const reminder = localAt(w, daysAgo + 1, 600);
  const delivered = !chance(w, 0.08);
  event('reminded', 'system', reminder, 'booked', 'booked');
  timeline.send(t, reminder, templateText(w, 'appointment_reminder', person.locale, vars()), {
    origin: 'system', templateKey: 'appointment_reminder', ...(delivered ? {} : { status: 'undelivered', errorCode: pick(w, UNDELIVERED) }),
  });
  const answer = delivered ? w.random() : 1;
  if (answer < 0.62) {
    const when = plusMinutes(reminder, between(w, 3, 300));
    timeline.text(t, when, pick(w, ['1', '1', '1', '确认', zh ? '好的 1' : 'Yes']));
    event('confirmed', 'contact', when, 'confirmed', status);
    status = 'confirmed';
    timeline.send(t, when, templateText(w, 'appointment_confirmed', person.locale, vars()), { origin: 'bot', templateKey: 'appointment_confirmed' });
  } else if (answer < 0.7) {
    const when = plusMinutes(reminder, between(w, 10, 240));
    timeline.text(t, when, zh ? pick(w, ['改期', '2', '想改个时间']) : '2');
    timeline.send(t, when, templateText(w, 'reschedule_offer', person.locale, vars()).replace(/\n$/, ''), { origin: 'bot', templateKey: 'reschedule_offer' });
    const chosen = plusMinutes(when, between(w, 1, 8));
    timeline.text(t, chosen, 'B');
    const from = at;
    at = plusMinutes(at, 60);
    event('rescheduled', 'contact', chosen, status, status, from);
    timeline.send(t, chosen, templateText(w, 'appointment_rescheduled', person.locale, vars()), { origin: 'bot', templateKey: 'appointment_rescheduled' });
  } else if (answer < 0.77) {
    const when = plusMinutes(reminder, between(w, 10, 300));
    timeline.text(t, when, zh ? pick(w, ['取消', '3', '有事去不了，取消吧']) : '3');
    event('cancelled', 'contact', when, 'cancelled', status);
    status = 'cancelled';
    timeline.send(t, when, templateText(w, 'appointment_cancelled', person.locale, vars()), { origin: 'bot', templateKey: 'appointment_cancelled' });
  }

  let csatScore: number | null = null;
  if (status !== 'cancelled') {
    const ends = plusMinutes(at, service.durationMin);
    if (chance(w, status === 'confirmed' ? 0.96 : 0.82)) {
      event('completed', 'system', ends, 'completed', status);
      status = 'completed';
      timeline.send(t, ends, templateText(w, 'csat_survey', person.locale, vars()), { origin: 'system', templateKey: 'csat_survey' });
      if (chance(w, 0.65)) {
        const rated = plusMinutes(ends, between(w, 8, 240));
        csatScore = pick(w, SCORES);
        timeline.text(t, rated, String(csatScore));
        event('rated', 'contact', rated, 'completed', 'completed');
        timeline.send(t, rated, templateText(w, 'csat_thanks', person.locale, { score: csatScore }), { origin: 'bot', templateKey: 'csat_thanks' });
      }
    } else {
      event('no_show', 'system', plusMinutes(ends, 30), 'no_show', status);
      status = 'no_show';
    }
  }
  await w.em.update(Appointment, { id }, { status, startsAt: at, endsAt: plusMinutes(at, service.durationMin), csatScore });
}
