import type { Effect } from '../../rules/types';
import { Appointment, Service } from '../db/entities';
import type { DecisionContext, EffectHandler } from '../conversations/decision-context';
import { bookAppointment, changeStatus, InvalidTransitionError, moveAppointment, recordScore, SlotUnavailableError, type ChangeContext } from './appointment-actions';
import { CUSTOMER } from './appointment-history';

type AppointmentEffect = Extract<Effect, { type: 'appointment' }>;

/** The appointment the decision named is gone or no longer the contact's: the facts it was decided on are stale. */
export class AppointmentChangedError extends Error {
  constructor(id: number) { super(`Appointment ${id} changed since the facts were gathered`); }
}

/**
 * The world moved between gathering the facts and applying the decision: the slot was taken a moment ago, or the
 * appointment was cancelled or moved by someone else. The pipeline rolls back and decides again with fresh facts.
 */
export const isStaleFacts = (err: unknown): boolean =>
  err instanceof SlotUnavailableError || err instanceof InvalidTransitionError || err instanceof AppointmentChangedError;

const changeContext = (ctx: DecisionContext): ChangeContext => ({ em: ctx.em, now: ctx.now, settings: ctx.ruleset.source.settings, actor: CUSTOMER });

async function named(ctx: DecisionContext, id: number): Promise<Appointment> {
  const appt = await ctx.em.findOneBy(Appointment, { id, contactId: ctx.contact.id });
  if (!appt) throw new AppointmentChangedError(id);
  return appt;
}

/**
 * The `appointment` effect: does to the appointment exactly what the decision says (which one, which slot). It
 * chooses nothing and replies nothing; the decision's own reply effects do.
 */
export const appointmentEffectHandler: EffectHandler<AppointmentEffect> = async (ctx, effect) => {
  if (effect.op === 'book' && effect.serviceId !== undefined) { await bookNew(ctx, effect.serviceId, effect.startsAt!); return; }
  if (effect.appointmentId === undefined) throw new Error(`appointment ${effect.op} reached the shell without facts: nothing says which appointment`);
  const appt = await named(ctx, effect.appointmentId);
  switch (effect.op) {
    case 'confirm': await changeStatus(changeContext(ctx), appt, 'confirmed'); return;
    case 'cancel': await changeStatus(changeContext(ctx), appt, 'cancelled'); return;
    case 'move': await moveAppointment(changeContext(ctx), appt, new Date(effect.startsAt!)); return;
    default: throw new Error(`appointment ${effect.op} is a meaning, not a change: the engine resolves it with facts`);
  }
};

/**
 * A new appointment the decision booked (a campaign's "回复1预约" then a letter): booked as the customer, by text, at
 * the decided time. Taken meanwhile, the slot check throws SlotUnavailableError and the text is decided again.
 */
async function bookNew(ctx: DecisionContext, serviceId: number, startsAt: string): Promise<void> {
  const service = await ctx.em.findOneBy(Service, { id: serviceId, active: true });
  if (!service) throw new SlotUnavailableError();
  await bookAppointment(changeContext(ctx), { contact: ctx.contact, service, startsAt: new Date(startsAt), source: 'sms' });
}

/** The `csat` effect: the score goes on the appointment the survey was about (the tag and any hand-off are effects of their own). */
export const csatEffectHandler: EffectHandler<Extract<Effect, { type: 'csat' }>> = async (ctx, effect) => {
  if (effect.appointmentId === undefined) return;
  await recordScore(changeContext(ctx), await named(ctx, effect.appointmentId), effect.score);
};
