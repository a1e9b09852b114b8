import type { BookingFacts, Effect, Outcome, SlotFact } from '../types';
import { handoffEffects } from '../effects';
import { menuFor } from '../templates/render';
import type { StageContext, StageDecision } from '../stages/stage';
import { formatWhen } from './format-when';

/** The letters of a new booking's offer, in date order (booking_offer declares them, plus 0 for "none of these"). */
const LETTERS = ['A', 'B', 'C'];
export const BOOKING_OFFER = 'booking_offer';

interface Decided { outcome: Outcome; effects: Effect[] }

const when = (ctx: StageContext, startsAt: string) => formatWhen(new Date(startsAt), ctx.timezone, ctx.input.contact.locale);

/** Up to three free times for the service, lettered; the menu remembers the service, the slots and the campaign. */
function offer(ctx: StageContext, booking: BookingFacts, free: SlotFact[]): Decided {
  if (free.length === 0) return { outcome: { kind: 'needs_person', reason: 'no_match' }, effects: handoffEffects('no_match', ctx) };
  const slots = free.slice(0, LETTERS.length).map((s, i) => ({ option: LETTERS[i], startsAt: s.startsAt }));
  const menu = menuFor(ctx.ruleset, BOOKING_OFFER, ctx.now);
  const awaiting = menu && { ...menu, options: menu.options.filter((k) => !LETTERS.includes(k) || slots.some((s) => s.option === k)) };
  const context = {
    serviceId: booking.serviceId, slots: Object.fromEntries(slots.map((s) => [s.option, s.startsAt])),
    ...(booking.campaignId !== undefined ? { campaignId: booking.campaignId } : {}),
  };
  return {
    outcome: { kind: 'booking_offer', serviceId: booking.serviceId, slots },
    effects: [
      { type: 'reply', template: BOOKING_OFFER, vars: { service: booking.service, slots: slots.map((s) => ({ ...s, when: when(ctx, s.startsAt) })) } },
      ...(awaiting ? [{ type: 'await_reply' as const, awaiting, context }] : []),
    ],
  };
}

function book(ctx: StageContext, booking: BookingFacts, startsAt: string): Decided {
  return {
    outcome: { kind: 'booked_new', serviceId: booking.serviceId, slot: startsAt },
    effects: [
      { type: 'appointment', op: 'book', serviceId: booking.serviceId, startsAt }, { type: 'clear_awaiting' },
      { type: 'reply', template: 'appointment_booked', vars: { appointment: { service: booking.service, location: booking.location, when: when(ctx, startsAt), startsAt } } },
    ],
  };
}

/**
 * A new booking by text, decided from the facts the shell gathered: "book" (a campaign's "回复1预约") offers the next
 * free times for the service; a letter answering that offer books it when it is still free, else offers the times
 * nearest to it. Undefined when the decision is not about a new booking (a letter answering a reschedule offer).
 */
export function decideNewBooking(ctx: StageContext, booking: BookingFacts, d: StageDecision): Decided | undefined {
  if (d.action === 'appointment.book') return offer(ctx, booking, booking.nextSlots);
  if (d.action !== 'slot.choose' || ctx.live?.awaiting.menu !== BOOKING_OFFER) return undefined;
  const slot = booking.offered?.find((s) => s.option === d.params.option);
  if (!slot) return { outcome: { kind: 'needs_person', reason: 'out_of_menu' }, effects: handoffEffects('out_of_menu', ctx) };
  return slot.free ? book(ctx, booking, slot.startsAt) : offer(ctx, booking, slot.nearest);
}
