import type { EntityManager } from 'typeorm';
import { Appointment, AppointmentEvent } from '../db/entities';
import type { EventBus } from '../events/event-bus';
import { HttpError } from '../http/errors';
import { changeStatus, InvalidTransitionError, moveAppointment, NotOfferedError, SlotUnavailableError, type ChangeContext } from './appointment-actions';
import { recordChange, snapshot } from './appointment-history';
import { queueAppointmentSms, type SmsDeps } from './appointment-sms';

import type { Command } from './command-names';

export type { Command };
export interface CommandInput { startsAt?: Date }
type Publish = ((bus: EventBus) => void) | null;

/** Nobody confirms, moves, cancels or is reminded of a visit that is already over; it can only be closed. */
const BEFORE_THE_VISIT: readonly Command[] = ['confirm', 'reschedule', 'cancel', 'remind'];
const visitHasEnded = (appt: Pick<Appointment, 'endsAt'>, now: Date) => appt.endsAt <= now;

/**
 * The commands an appointment accepts at `now`, by the server's clock, so a client never has to guess from its own
 * (a browser's clock may be minutes or days off). A confirmed visit is not offered 'confirm' again.
 * @example commandsFor({ status: 'booked', endsAt: tomorrow }, now) // → ['confirm', 'reschedule', 'cancel', 'remind', 'complete', 'no-show']
 */
export function commandsFor(appt: Pick<Appointment, 'status' | 'endsAt'>, now: Date): Command[] {
  if (appt.status !== 'booked' && appt.status !== 'confirmed') return [];
  const closing: Command[] = ['complete', 'no-show'];
  if (visitHasEnded(appt, now)) return closing;
  return [...BEFORE_THE_VISIT.filter((c) => c !== 'confirm' || appt.status === 'booked'), ...closing];
}

/** The SMS each customer-facing change sends; a no-show sends nothing (the customer is not waiting for one). */
const NOTICE: Record<Command, string | null> = {
  confirm: 'appointment_confirmed', cancel: 'appointment_cancelled', reschedule: 'appointment_rescheduled',
  remind: 'appointment_reminder', complete: 'csat_survey', 'no-show': null,
};

async function apply(ctx: ChangeContext, appt: Appointment, command: Command, input: CommandInput): Promise<void> {
  switch (command) {
    case 'confirm': await changeStatus(ctx, appt, 'confirmed'); return;
    case 'cancel': await changeStatus(ctx, appt, 'cancelled'); return;
    case 'complete': await changeStatus(ctx, appt, 'completed'); return;
    case 'no-show': await changeStatus(ctx, appt, 'no_show'); return;
    case 'reschedule': await moveAppointment(ctx, appt, input.startsAt!); return;
    case 'remind':
      if (!['booked', 'confirmed'].includes(appt.status)) throw new InvalidTransitionError(appt.status, appt.status);
      await recordChange(ctx.em, appt, 'reminded', ctx.actor, ctx.now, snapshot(appt));
  }
}

/** Domain errors as the HTTP answers a client can act on; the transaction has rolled back by then. */
export function asHttpError(err: unknown): unknown {
  if (err instanceof SlotUnavailableError) return new HttpError(409, 'slot_unavailable', 'That time is not free: ask /api/availability for free slots', 'startsAt');
  if (err instanceof InvalidTransitionError) return new HttpError(409, 'invalid_status', err.message);
  if (err instanceof NotOfferedError) return new HttpError(409, 'not_offered', err.message, err.field);
  return err;
}

/** Runs an agent's or integration's command on one appointment and queues the matching SMS, all in `ctx.em`'s transaction. */
export async function runCommand(ctx: ChangeContext, sms: SmsDeps, id: number, command: Command, input: CommandInput): Promise<{ appt: Appointment; publish: Publish }> {
  const appt = await ctx.em.findOneBy(Appointment, { id });
  if (!appt) throw new HttpError(404, 'not_found', 'Appointment not found');
  if (BEFORE_THE_VISIT.includes(command) && visitHasEnded(appt, ctx.now)) {
    throw new HttpError(409, 'appointment_ended', `This appointment ended at ${appt.endsAt.toISOString()}: it can only be completed or marked as a no-show`);
  }
  await apply(ctx, appt, command, input);
  const template = NOTICE[command];
  const publish = template ? await queueAppointmentSms(ctx.em, sms, appt, template, { origin: 'agent', agentId: ctx.actor.agentId }) : null;
  return { appt, publish };
}

export function historyOf(em: EntityManager, id: number): Promise<AppointmentEvent[]> {
  return em.find(AppointmentEvent, { where: { appointmentId: id }, order: { id: 'ASC' } });
}
