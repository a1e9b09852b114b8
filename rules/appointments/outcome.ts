import type { Action, AppointmentFact, Effect, Facts, HandoffReason, Outcome, SlotFact } from '../types';
import { handoffEffects } from '../effects';
import { menuFor } from '../templates/render';
import type { StageContext, StageDecision } from '../stages/stage';
import { formatWhen } from './format-when';
import { appointmentVars } from './vars';
import { appointmentInQuestion } from './target';
import { askAbout } from './stray-answer';
import { decideNewBooking } from './new-booking';

/** Letters of a slot offer, in date order; the offer's template declares them (plus 0 for "none of these"). */
export const SLOT_OPTIONS = ['A', 'B', 'C'];
const ACTIVE = ['booked', 'confirmed'];
const DECIDED_BY_FACTS = new Set<Action>(['appointment.confirm', 'appointment.cancel', 'appointment.reschedule', 'slot.choose', 'appointment.book', 'csat.record', 'appointment.check']);

interface Decided { outcome: Outcome; effects: Effect[] }

const handOff = (ctx: StageContext, outcome: Outcome, reason: HandoffReason): Decided => ({ outcome, effects: handoffEffects(reason, ctx) });

/** Why this appointment cannot be confirmed, moved or cancelled any more, if it cannot (commandsFor decided by the server's clock). */
function blocked(appt: AppointmentFact): Outcome | undefined {
  if (appt.commands.includes('cancel')) return undefined;
  return { kind: 'not_possible', appointmentId: appt.id, why: ACTIVE.includes(appt.status) ? 'visit_over' : 'not_active' };
}

function move(ctx: StageContext, appt: AppointmentFact, slot: string): Decided {
  return {
    outcome: { kind: 'booked', appointmentId: appt.id, slot },
    effects: [
      { type: 'appointment', op: 'move', appointmentId: appt.id, startsAt: slot }, { type: 'clear_awaiting' },
      { type: 'reply', template: 'appointment_rescheduled', vars: { appointment: appointmentVars(ctx, appt, slot) } },
    ],
  };
}

/** Up to three free times, lettered A–C; the menu is bound to them (and only the letters actually offered answer it). */
function offer(ctx: StageContext, appt: AppointmentFact, free: SlotFact[]): Decided {
  if (free.length === 0) return handOff(ctx, { kind: 'no_slot', appointmentId: appt.id }, 'no_match');
  const slots = free.slice(0, SLOT_OPTIONS.length).map((s, i) => ({ option: SLOT_OPTIONS[i], startsAt: s.startsAt }));
  const menu = menuFor(ctx.ruleset, 'reschedule_offer', ctx.now);
  const awaiting = menu && { ...menu, options: menu.options.filter((k) => !SLOT_OPTIONS.includes(k) || slots.some((s) => s.option === k)) };
  const vars = {
    appointment: appointmentVars(ctx, appt),
    slots: slots.map((s) => ({ ...s, when: formatWhen(new Date(s.startsAt), ctx.timezone, ctx.input.contact.locale) })),
  };
  return {
    outcome: { kind: 'offer', appointmentId: appt.id, slots },
    effects: [
      { type: 'reply', template: 'reschedule_offer', vars },
      ...(awaiting ? [{ type: 'await_reply' as const, awaiting, context: { appointmentId: appt.id, slots: Object.fromEntries(slots.map((s) => [s.option, s.startsAt])) } }] : []),
    ],
  };
}

/**
 * A named exact time is booked when the facts say it is free; a named day or part of day ("周四", "周四上午") offers
 * its nearest free times for the customer to choose; no time at all offers the default (the usual time of day, or
 * the ones after the last offer).
 */
function reschedule(ctx: StageContext, facts: Facts, appt: AppointmentFact, when: string | undefined): Decided {
  if (!when) return offer(ctx, appt, facts.nextSlots ?? []);
  const asked = facts.requested;
  // The shell reads the text with the same function; a mismatch is a bug, and a person beats a guess.
  if (!asked || asked.when !== when) return handOff(ctx, { kind: 'needs_person', reason: 'no_match' }, 'no_match');
  if (asked.precision === 'time' && asked.free) return move(ctx, appt, asked.when);
  return offer(ctx, appt, asked.nearest);
}

function chooseSlot(ctx: StageContext, facts: Facts, appt: AppointmentFact, option: string | undefined): Decided {
  const slot = facts.offered?.find((s) => s.option === option);
  if (!slot) return handOff(ctx, { kind: 'needs_person', reason: 'out_of_menu' }, 'out_of_menu');
  // Taken since it was offered: the free times nearest to the one they chose.
  return slot.free ? move(ctx, appt, slot.startsAt) : offer(ctx, appt, slot.nearest);
}

function statusChange(ctx: StageContext, appt: AppointmentFact, op: 'confirm' | 'cancel'): Decided {
  return {
    outcome: { kind: op === 'confirm' ? 'confirmed' : 'cancelled', appointmentId: appt.id },
    effects: [
      { type: 'appointment', op, appointmentId: appt.id }, { type: 'clear_awaiting' },
      { type: 'reply', template: op === 'confirm' ? 'appointment_confirmed' : 'appointment_cancelled', vars: { appointment: appointmentVars(ctx, appt) } },
    ],
  };
}

function decide(ctx: StageContext, facts: Facts, d: StageDecision): Decided {
  const booking = facts.booking && decideNewBooking(ctx, facts.booking, d);
  if (booking) return booking;
  // Other new bookings by SMS (no campaign chose the service) need a person's judgement.
  if (d.action === 'appointment.book') return handOff(ctx, { kind: 'needs_person', reason: 'requested' }, 'requested');
  if (d.action === 'csat.record') {
    const appointmentId = facts.menuAppointment?.id;
    const score = d.params.score ?? 0;
    return {
      outcome: { kind: 'score_recorded', ...(appointmentId ? { appointmentId } : {}), score },
      effects: d.effects.map((e) => (e.type === 'csat' && appointmentId ? { ...e, appointmentId } : e)),
    };
  }
  const appt = d.action === 'appointment.check' ? facts.menuChoices?.find((c) => c.option === d.menu?.option)?.appointment : appointmentInQuestion(facts);
  if (!appt) return handOff(ctx, { kind: 'no_appointment' }, 'no_match');
  const cannot = blocked(appt);
  if (cannot) return handOff(ctx, cannot, 'no_match');
  switch (d.action) {
    case 'appointment.confirm': return statusChange(ctx, appt, 'confirm');
    case 'appointment.cancel': return statusChange(ctx, appt, 'cancel');
    case 'slot.choose': return chooseSlot(ctx, facts, appt, d.params.option);
    case 'appointment.check': return askAbout(ctx, appt);
    default: return reschedule(ctx, facts, appt, d.params.when);
  }
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case 'booked': return `move appointment ${o.appointmentId} to ${o.slot}`;
    case 'booked_new': return `book service ${o.serviceId} at ${o.slot}`;
    case 'booking_offer': return `offer ${o.slots.map((s) => `${s.option} ${s.startsAt}`).join(', ')} for a new booking of service ${o.serviceId}`;
    case 'offer': return `offer ${o.slots.map((s) => `${s.option} ${s.startsAt}`).join(', ')} for appointment ${o.appointmentId}`;
    case 'no_slot': return `no free slot for appointment ${o.appointmentId} → person`;
    case 'no_appointment': return 'no upcoming appointment → person';
    case 'not_possible': return `appointment ${o.appointmentId} cannot change (${o.why}) → person`;
    case 'needs_person': return `needs a person (${o.reason})`;
    case 'score_recorded': return `score ${o.score}${o.appointmentId ? ` for appointment ${o.appointmentId}` : ''}`;
    case 'asked': return `ask about appointment(s) ${o.appointmentIds.join(', ')}`;
    default: return `${o.kind} appointment ${o.appointmentId}`;
  }
}

/**
 * With the facts the shell gathered, an appointment action becomes a concrete outcome and the exact reply: which
 * appointment, which slot, which three times — so the stored decision is what was done and sent. Without facts
 * (meaning-only table tests) the decision is left as the stage made it.
 */
export function decideWithFacts(ctx: StageContext, d: StageDecision): StageDecision {
  const facts = ctx.input.facts;
  if (!facts || !DECIDED_BY_FACTS.has(d.action)) return d;
  const { outcome, effects } = decide(ctx, facts, d);
  ctx.steps.push({ stage: d.stage, outcome: `facts: ${describe(outcome)}` });
  return { ...d, effects, outcome };
}
