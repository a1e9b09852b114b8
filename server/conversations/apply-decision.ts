import { In, MoreThan } from 'typeorm';
import { businessStatus } from '../../rules';
import type { Effect, HandoffReason } from '../../rules/types';
import { Appointment, ConsentEvent } from '../db/entities';
import { findFreeSlots, isFree, withinHours } from '../appointments/slot-finder';
import type { DecisionContext, EffectHandler } from './decision-context';
import { queueBotReply } from './outbound';

const SLOT_OPTIONS = ['A', 'B', 'C'];

/** Hands the thread to a person and tells the customer when to expect one. */
async function handOffWithAck(ctx: DecisionContext, reason: HandoffReason): Promise<void> {
  markHandedOff(ctx, reason);
  const status = businessStatus(ctx.ruleset.source.settings, ctx.now.toISOString(), ctx.contact.timezone);
  await queueBotReply(ctx, status.open ? { template: 'handoff_ack' } : { template: 'handoff_ack_closed', vars: { reopensAt: status.reopensAt } });
  ctx.repliesHandled = true;
}

function markHandedOff(ctx: DecisionContext, reason: HandoffReason): void {
  Object.assign(ctx.conversation, { handledBy: 'human', status: 'open', handoffReason: reason, waitingSince: ctx.now, snoozedUntil: null });
}

/** The appointment a reply is about: the one the menu was sent for, else the contact's next upcoming one. */
async function targetAppointment(ctx: DecisionContext): Promise<Appointment | null> {
  const id = ctx.conversation.awaitingContext?.appointmentId;
  if (id) {
    const byMenu = await ctx.em.findOneBy(Appointment, { id, contactId: ctx.contact.id });
    if (byMenu && byMenu.status !== 'cancelled') return byMenu;
  }
  return ctx.em.findOne(Appointment, {
    where: { contactId: ctx.contact.id, status: In(['booked', 'confirmed']), startsAt: MoreThan(ctx.now) },
    order: { startsAt: 'ASC' },
  });
}

async function moveAppointment(ctx: DecisionContext, appt: Appointment, startsAt: Date): Promise<void> {
  const duration = appt.endsAt.getTime() - appt.startsAt.getTime();
  Object.assign(appt, { startsAt, endsAt: new Date(startsAt.getTime() + duration), status: 'confirmed' });
  await ctx.em.save(appt);
  await queueBotReply(ctx, { template: 'appointment_rescheduled' });
  ctx.repliesHandled = true;
}

async function offerSlots(ctx: DecisionContext, appt: Appointment, preferred: Date): Promise<void> {
  const starts = await findFreeSlots(ctx.em, {
    settings: ctx.ruleset.source.settings, timezone: ctx.contact.timezone, durationMin: (appt.endsAt.getTime() - appt.startsAt.getTime()) / 60_000,
    after: ctx.now, preferred, limit: SLOT_OPTIONS.length, ignoreId: appt.id,
  });
  if (starts.length === 0) return handOffWithAck(ctx, 'no_match');
  ctx.slots = starts.map((startsAt, i) => ({ option: SLOT_OPTIONS[i], startsAt }));
}

const appointment: EffectHandler<Extract<Effect, { type: 'appointment' }>> = async (ctx, effect) => {
  const appt = await targetAppointment(ctx);
  if (!appt || effect.op === 'book') return handOffWithAck(ctx, 'no_match');
  ctx.appointment = appt;
  const durationMin = (appt.endsAt.getTime() - appt.startsAt.getTime()) / 60_000;
  switch (effect.op) {
    case 'confirm': appt.status = 'confirmed'; await ctx.em.save(appt); return;
    case 'cancel': appt.status = 'cancelled'; await ctx.em.save(appt); return;
    case 'reschedule': {
      const wanted = effect.when ? new Date(effect.when) : null;
      const settings = ctx.ruleset.source.settings;
      if (wanted && wanted > ctx.now && withinHours(settings, wanted, durationMin, ctx.contact.timezone)
        && await isFree(ctx.em, wanted, new Date(wanted.getTime() + durationMin * 60_000), appt.id)) {
        return moveAppointment(ctx, appt, wanted);
      }
      return offerSlots(ctx, appt, wanted ?? appt.startsAt);
    }
    case 'choose_slot': {
      const iso = effect.option ? ctx.conversation.awaitingContext?.slots?.[effect.option] : undefined;
      if (!iso) return handOffWithAck(ctx, 'out_of_menu');
      const startsAt = new Date(iso);
      // Taken meanwhile by someone else: offer fresh options rather than double-book.
      if (!(await isFree(ctx.em, startsAt, new Date(startsAt.getTime() + durationMin * 60_000), appt.id))) {
        await offerSlots(ctx, appt, startsAt);
        if (!ctx.repliesHandled) { await queueBotReply(ctx, { template: 'reschedule_offer' }); ctx.repliesHandled = true; }
        return;
      }
      return moveAppointment(ctx, appt, startsAt);
    }
  }
};

async function recordConsent(ctx: DecisionContext, kind: 'opt_in' | 'opt_out'): Promise<void> {
  ctx.contact.optedOut = kind === 'opt_out';
  ctx.contact.optedOutAt = kind === 'opt_out' ? ctx.now : null;
  await ctx.em.save(ctx.contact);
  await ctx.em.save(ConsentEvent, ctx.em.create(ConsentEvent, {
    contactId: ctx.contact.id, kind, source: 'sms', messageId: ctx.inbound.id, detail: ctx.inbound.body.slice(0, 100),
  }));
}

/** One handler per effect type; the compiler refuses a new Effect without one. */
const handlers: { [K in Effect['type']]: EffectHandler<Extract<Effect, { type: K }>> } = {
  reply: async (ctx, e) => { if (!ctx.repliesHandled) await queueBotReply(ctx, e); },
  reply_text: async (ctx, e) => { if (!ctx.repliesHandled) await queueBotReply(ctx, { text: e.text, ruleId: e.ruleId }); },
  clear_awaiting: async (ctx) => {
    if (ctx.menuSent) return;
    ctx.conversation.awaiting = null;
    ctx.conversation.awaitingContext = null;
  },
  handoff: async (ctx, e) => markHandedOff(ctx, e.reason),
  opt_out: (ctx) => recordConsent(ctx, 'opt_out'),
  opt_in: (ctx) => recordConsent(ctx, 'opt_in'),
  tag: async (ctx, e) => {
    const tags = new Set(ctx.contact.tags);
    e.add?.forEach((t) => tags.add(t));
    e.remove?.forEach((t) => tags.delete(t));
    ctx.contact.tags = [...tags];
    await ctx.em.save(ctx.contact);
  },
  appointment,
  // Scores are kept in the decision and the review_score_N tag; issue 5 stores them on the appointment.
  csat: async () => {},
};

export async function applyDecision(ctx: DecisionContext): Promise<void> {
  for (const effect of ctx.decision.effects) {
    await (handlers[effect.type] as EffectHandler<Effect>)(ctx, effect);
  }
}
