import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { Contact, SettingRow, type Appointment } from '../db/entities';
import { nextOutsideQuiet, shiftBeforeQuiet } from './quiet-hours';
import { cancelJobs, scheduleJob } from './scheduled-jobs';

export const REMINDER_JOB = 'appointment_reminder';
export const COMPLETE_JOB = 'appointment_complete';

/** Setting row an admin may change: minutes before the start, and whether a confirmed appointment still gets it. */
export const REMINDER_POLICY_KEY = 'appointment_reminders';
export interface ReminderOffset { minutes: number; unlessConfirmed: boolean }
export const DEFAULT_REMINDERS: ReminderOffset[] = [{ minutes: 24 * 60, unlessConfirmed: false }, { minutes: 120, unlessConfirmed: true }];

/** The admin's reminder timing (settings page), or 24 h and 2 h before. */
export async function reminderOffsets(em: EntityManager): Promise<ReminderOffset[]> {
  const row = await em.findOneBy(SettingRow, { key: REMINDER_POLICY_KEY });
  return Array.isArray(row?.value) ? row.value as ReminderOffset[] : DEFAULT_REMINDERS;
}

const jobPrefix = (kind: string, apptId: number) => `${kind}:${apptId}:`;

/**
 * (Re)plans the reminders and the automatic completion of an appointment. Keys carry the start time, so moving an
 * appointment plans fresh jobs and cancels the old ones. A reminder due in quiet hours goes earlier; one whose time
 * has already passed (booked at short notice) is skipped: the booking confirmation just told the customer.
 */
export async function planAppointmentJobs(em: EntityManager, appt: Appointment, settings: Settings, now: Date): Promise<void> {
  await cancelAppointmentJobs(em, appt.id);
  if (appt.status !== 'booked' && appt.status !== 'confirmed') return;
  const contact = await em.findOneByOrFail(Contact, { id: appt.contactId });
  const tz = contact.timezone || settings.timezone;
  const start = appt.startsAt.getTime();
  for (const offset of await reminderOffsets(em)) {
    const dueAt = shiftBeforeQuiet(new Date(start - offset.minutes * 60_000), settings.quietHours, tz);
    if (dueAt < now) continue;
    await scheduleJob(em, {
      kind: REMINDER_JOB, uniqueKey: `${jobPrefix(REMINDER_JOB, appt.id)}${start}:${offset.minutes}`, dueAt,
      payload: { appointmentId: appt.id, startsAt: appt.startsAt.toISOString(), unlessConfirmed: offset.unlessConfirmed },
    });
  }
  // Surveys can wait for the morning: they move later, never earlier than the visit's end.
  await scheduleJob(em, {
    kind: COMPLETE_JOB, uniqueKey: `${jobPrefix(COMPLETE_JOB, appt.id)}${appt.endsAt.getTime()}`,
    dueAt: nextOutsideQuiet(appt.endsAt, settings.quietHours, tz), payload: { appointmentId: appt.id, endsAt: appt.endsAt.toISOString() },
  });
}

export async function cancelAppointmentJobs(em: EntityManager, appointmentId: number): Promise<void> {
  await cancelJobs(em, jobPrefix(REMINDER_JOB, appointmentId));
  await cancelJobs(em, jobPrefix(COMPLETE_JOB, appointmentId));
}
