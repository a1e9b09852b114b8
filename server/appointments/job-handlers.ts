import type { EntityManager } from 'typeorm';
import type { ReplyChannels } from '../channels/channel-registry';
import type { Ruleset } from '../../rules';
import { Appointment, Contact, ScheduledJob } from '../db/entities';
import type { EventBus } from '../events/event-bus';
import { changeStatus, type ChangeContext } from './appointment-actions';
import { recordChange, snapshot, SYSTEM } from './appointment-history';
import { queueAppointmentSms } from './appointment-sms';
import { isQuiet, nextOutsideQuiet } from './quiet-hours';

export interface JobRun { em: EntityManager; job: ScheduledJob; ruleset: Ruleset; now: Date; channels: ReplyChannels }
export type JobOutcome =
  | { status: 'done' | 'cancelled'; note?: string; publish?: (bus: EventBus) => void }
  | { status: 'deferred'; until: Date; publish?: undefined };

const skip = (note: string): JobOutcome => ({ status: 'cancelled', note });

async function quietUntil(run: JobRun, appt: Appointment): Promise<Date | null> {
  const contact = await run.em.findOneByOrFail(Contact, { id: appt.contactId });
  const { quietHours, timezone } = run.ruleset.source.settings;
  const tz = contact.timezone || timezone;
  return isQuiet(run.now, quietHours, tz) ? nextOutsideQuiet(run.now, quietHours, tz) : null;
}

/**
 * Sends `appointment_reminder` unless the appointment moved, ended or was cancelled since the job was planned, or
 * the customer already confirmed and this reminder is only for unconfirmed ones. A worker that was down until quiet
 * hours does not wake anyone: it waits for the morning if that is still before the visit.
 */
export async function runReminderJob(run: JobRun): Promise<JobOutcome> {
  const payload = run.job.payload as { appointmentId: number; startsAt: string; unlessConfirmed?: boolean };
  const appt = await run.em.findOneBy(Appointment, { id: payload.appointmentId });
  if (!appt || !['booked', 'confirmed'].includes(appt.status)) return skip('not_active');
  if (appt.startsAt.toISOString() !== payload.startsAt) return skip('moved');
  if (payload.unlessConfirmed && appt.status === 'confirmed') return skip('confirmed');
  if (appt.startsAt <= run.now) return skip('too_late');
  const until = await quietUntil(run, appt);
  if (until) return until < appt.startsAt ? { status: 'deferred', until } : skip('quiet_hours');
  const publish = await queueAppointmentSms(run.em, run, appt, 'appointment_reminder');
  await recordChange(run.em, appt, 'reminded', SYSTEM, run.now, snapshot(appt), { jobId: run.job.id });
  return { status: 'done', publish };
}

/** At the visit's end an appointment nobody marked is taken as completed, and the survey goes out. */
export async function runCompletionJob(run: JobRun): Promise<JobOutcome> {
  const payload = run.job.payload as { appointmentId: number; endsAt: string };
  const appt = await run.em.findOneBy(Appointment, { id: payload.appointmentId });
  if (!appt || !['booked', 'confirmed'].includes(appt.status)) return skip('not_active');
  if (appt.endsAt.toISOString() !== payload.endsAt) return skip('moved');
  const until = await quietUntil(run, appt);
  if (until) return { status: 'deferred', until };
  const ctx: ChangeContext = { em: run.em, now: run.now, settings: run.ruleset.source.settings, actor: SYSTEM };
  await changeStatus(ctx, appt, 'completed');
  return { status: 'done', publish: await queueAppointmentSms(run.em, run, appt, 'csat_survey') };
}
