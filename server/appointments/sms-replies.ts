import { In, MoreThan } from 'typeorm';
import type { Effect, HandoffReason } from '../../rules/types';
import { ACTIVE_STATUSES, Appointment } from '../db/entities';
import type { DecisionContext, EffectHandler } from '../conversations/decision-context';
import { queueBotReply } from '../conversations/outbound';
import { changeStatus, InvalidTransitionError, moveAppointment, recordScore, SlotUnavailableError, type ChangeContext } from './appointment-actions';
import { CUSTOMER } from './appointment-history';
import { rescheduleOptions } from './reschedule-options';
import type { SlotQuery } from './slot-finder';

const SLOT_OPTIONS = ['A', 'B', 'C'];
type AppointmentEffect = Extract<Effect, { type: 'appointment' }>;
export type HandOff = (ctx: DecisionContext, reason: HandoffReason) => Promise<void>;

const changeContext = (ctx: DecisionContext): ChangeContext => ({ em: ctx.em, now: ctx.now, settings: ctx.ruleset.source.settings, actor: CUSTOMER });

/** The appointment a reply is about: the one the menu was sent for, else the contact's next upcoming one. */
async function targetAppointment(ctx: DecisionContext): Promise<Appointment | null> {
  const id = ctx.conversation.awaitingContext?.appointmentId;
  if (id) {
    const byMenu = await ctx.em.findOneBy(Appointment, { id, contactId: ctx.contact.id });
    if (byMenu && ACTIVE_STATUSES.includes(byMenu.status)) return byMenu;
  }
  return ctx.em.findOne(Appointment, {
    where: { contactId: ctx.contact.id, status: In(ACTIVE_STATUSES), startsAt: MoreThan(ctx.now) },
    order: { startsAt: 'ASC' },
  });
}

/** Puts three free slots in the context for the `reschedule_offer` reply; none at all → a person arranges it. */
async function offerSlots(ctx: DecisionContext, appt: Appointment, handOff: HandOff, after: Date, prefer?: SlotQuery['prefer']): Promise<boolean> {
  const slots = await rescheduleOptions(ctx.em, {
    appt, settings: ctx.ruleset.source.settings, now: ctx.now, timezone: ctx.contact.timezone, limit: SLOT_OPTIONS.length, after, prefer,
  });
  if (slots.length === 0) { await handOff(ctx, 'no_match'); return false; }
  ctx.slots = slots.map((s, i) => ({ option: SLOT_OPTIONS[i], startsAt: s.startsAt }));
  return true;
}

/** Moves the appointment and answers with the new time, or says which times are free instead. */
async function moveOrOffer(ctx: DecisionContext, appt: Appointment, wanted: Date, handOff: HandOff): Promise<void> {
  try {
    await moveAppointment(changeContext(ctx), appt, wanted);
    await queueBotReply(ctx, { template: 'appointment_rescheduled' });
    ctx.repliesHandled = true;
  } catch (err) {
    if (!(err instanceof SlotUnavailableError)) throw err;
    // Taken (perhaps a moment ago) or closed then: the nearest free times around the one they wanted.
    if (await offerSlots(ctx, appt, handOff, ctx.now, { nearest: wanted })) {
      await queueBotReply(ctx, { template: 'reschedule_offer' });
      ctx.repliesHandled = true;
    }
  }
}

/**
 * "2" or "换个时间": slots at the appointment's time of day. "三个都不方便" while the A/B/C menu is open: the next
 * ones after the last offered. A named time ("改到后天上午十点"): that time if free, else the nearest free times;
 * a named day ("改到周四"): the free times nearest to it, for the customer to choose.
 */
async function reschedule(ctx: DecisionContext, appt: Appointment, effect: AppointmentEffect, handOff: HandOff): Promise<void> {
  // Only an exact time is booked outright. "周四" or "周四上午" names a range: the customer picks from its free times.
  if (effect.when && effect.whenPrecision && effect.whenPrecision !== 'time') {
    await offerSlots(ctx, appt, handOff, ctx.now, { nearest: new Date(effect.when) });
    return;
  }
  if (effect.when) return moveOrOffer(ctx, appt, new Date(effect.when), handOff);
  const offered = ctx.conversation.awaiting?.menu === 'reschedule_offer' ? Object.values(ctx.conversation.awaitingContext?.slots ?? {}) : [];
  const after = offered.length ? new Date(Math.max(...offered.map((s) => Date.parse(s))) + 60_000) : ctx.now;
  await offerSlots(ctx, appt, handOff, after);
}

async function chooseSlot(ctx: DecisionContext, appt: Appointment, option: string | undefined, handOff: HandOff): Promise<void> {
  const iso = option ? ctx.conversation.awaitingContext?.slots?.[option] : undefined;
  if (!iso) return handOff(ctx, 'out_of_menu');
  return moveOrOffer(ctx, appt, new Date(iso), handOff);
}

/** The `appointment` effect: what a customer's reply does to their appointment. */
export function appointmentEffectHandler(handOff: HandOff): EffectHandler<AppointmentEffect> {
  return async (ctx, effect) => {
    const appt = await targetAppointment(ctx);
    // New bookings by SMS need a service and a person's judgement; without an appointment there is nothing to change.
    if (!appt || effect.op === 'book') return handOff(ctx, effect.op === 'book' ? 'requested' : 'no_match');
    ctx.appointment = appt;
    try {
      switch (effect.op) {
        case 'confirm': await changeStatus(changeContext(ctx), appt, 'confirmed'); return;
        case 'cancel': await changeStatus(changeContext(ctx), appt, 'cancelled'); return;
        case 'reschedule': return await reschedule(ctx, appt, effect, handOff);
        case 'choose_slot': return await chooseSlot(ctx, appt, effect.option, handOff);
      }
    } catch (err) {
      if (err instanceof InvalidTransitionError) return handOff(ctx, 'no_match');
      throw err;
    }
  };
}

/** The `csat` effect: the score goes on the appointment the survey was about (the tag and any hand-off are effects of their own). */
export const csatEffectHandler: EffectHandler<Extract<Effect, { type: 'csat' }>> = async (ctx, effect) => {
  const id = ctx.conversation.awaitingContext?.appointmentId;
  const appt = id ? await ctx.em.findOneBy(Appointment, { id, contactId: ctx.contact.id })
    : await ctx.em.findOne(Appointment, { where: { contactId: ctx.contact.id, status: 'completed' }, order: { endsAt: 'DESC' } });
  if (!appt) return;
  ctx.appointment = appt;
  await recordScore(changeContext(ctx), appt, effect.score);
};
