import { In, LessThanOrEqual, Not, IsNull, type EntityManager } from 'typeorm';
import type { Awaiting, BookingFacts, Settings, SlotFact } from '../../rules/types';
import { BOOKING_OFFER } from '../../rules/appointments/new-booking';
import { Appointment, Service } from '../db/entities';
import type { AwaitingContext } from '../db/entities/conversation.entity';
import { findFreeSlots, type Slot } from './slot-finder';
import { resolveVenue } from './venue';

/** Offers start at least this long from now (as reschedule offers do): a slot in ten minutes is no use by text. */
const MIN_NOTICE_MS = 60 * 60_000;
const OFFERED = 3;

export interface BookingSources {
  settings: Settings;
  now: Date;
  contactId: number | null;
  awaiting: Awaiting | null;
  awaitingContext: AwaitingContext | null;
}

const iso = (s: Slot): SlotFact => ({ startsAt: s.startsAt.toISOString() });

/**
 * The service a new booking by text is for: the contact's last visit's (the one before now, not cancelled, whose
 * service is still offered), else the business's first active service. A recall ("半年没来洗牙了，回复1预约")
 * is nearly always for the same thing again; a person can change it afterwards.
 */
export async function serviceForNewBooking(em: EntityManager, contactId: number | null, now: Date): Promise<Service | null> {
  if (contactId !== null) {
    const last = await em.findOne(Appointment, {
      where: { contactId, startsAt: LessThanOrEqual(now), status: Not(In(['cancelled'])), serviceId: Not(IsNull()) }, order: { startsAt: 'DESC' },
    });
    const service = last?.serviceId ? await em.findOneBy(Service, { id: last.serviceId, active: true }) : null;
    if (service) return service;
  }
  return em.findOne(Service, { where: { active: true }, order: { id: 'ASC' } });
}

/** Whether the live menu may lead to a new booking: a campaign menu with a "book" option, or the offer it led to. */
function bookingMenu(q: BookingSources): { serviceId?: number; campaignId?: number } | null {
  const a = q.awaiting;
  if (!a || Date.parse(a.expiresAt) < q.now.getTime()) return null;
  if (a.campaign && Object.values(a.campaign.actions).some((o) => o.action === 'book')) return { campaignId: a.campaign.campaignId };
  const about = q.awaitingContext;
  if (a.menu === BOOKING_OFFER && about?.serviceId) return { serviceId: about.serviceId, ...(about.campaignId !== undefined ? { campaignId: about.campaignId } : {}) };
  return null;
}

/**
 * What a new booking by text may need, gathered only while a menu can lead to one: the service, the next free
 * times for it, and, answering a booking offer, whether each offered time is still free (else the nearest ones).
 */
export async function gatherBookingFacts(em: EntityManager, q: BookingSources): Promise<BookingFacts | undefined> {
  const menu = bookingMenu(q);
  if (!menu) return undefined;
  const service = menu.serviceId ? await em.findOneBy(Service, { id: menu.serviceId }) : await serviceForNewBooking(em, q.contactId, q.now);
  if (!service) return undefined;
  const venue = await resolveVenue(em, service.locationId, q.settings);
  const free = (prefer?: { nearest: Date }) => findFreeSlots(em, {
    venue, durationMin: service.durationMin, bufferMin: service.bufferMin ?? 0, after: new Date(q.now.getTime() + MIN_NOTICE_MS), limit: OFFERED, ...(prefer ? { prefer } : {}),
  });
  const facts: BookingFacts = {
    serviceId: service.id, service: service.name, location: venue.name, nextSlots: (await free()).map(iso),
    ...(menu.campaignId !== undefined ? { campaignId: menu.campaignId } : {}),
  };
  const offered = menu.serviceId ? Object.entries(q.awaitingContext?.slots ?? {}) : [];
  if (offered.length) {
    facts.offered = [];
    // One after another: the transaction has one connection.
    for (const [option, startsAt] of offered) {
      const nearest = await free({ nearest: new Date(startsAt) });
      facts.offered.push({ option, startsAt, free: nearest.some((s) => s.startsAt.toISOString() === startsAt), nearest: nearest.map(iso) });
    }
  }
  return facts;
}
