import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import type { Appointment, AppointmentEventKind, AppointmentSource, AppointmentStatus, Contact, Service } from '../db/entities';
import { Appointment as AppointmentRow, Service as ServiceRow } from '../db/entities';
import { recordChange, snapshot, type Actor } from './appointment-history';
import { lockLocation } from './booking-lock';
import { countScoreChange } from '../reports/survey-rollups';
import { countVisitClosed } from '../reports/visit-rollups';
import { cancelAppointmentJobs, planAppointmentJobs } from './reminder-schedule';
import { isBookable } from './slot-finder';
import { resolveVenue, staffPeriods } from './venue';

/** What every change needs: the open transaction, the time, the bot settings (quiet hours), and who is acting. */
export interface ChangeContext { em: EntityManager; now: Date; settings: Settings; actor: Actor }

/** The wanted start is outside opening hours, in the past, or full (perhaps taken a moment ago). */
export class SlotUnavailableError extends Error {
  constructor() { super('That time is not available'); }
}

const durationMin = (appt: Appointment) => (appt.endsAt.getTime() - appt.startsAt.getTime()) / 60_000;

/** Locks the location, then checks the slot: the check and the write that follows cannot interleave with another booking. */
async function claimSlot(ctx: ChangeContext, q: { locationId?: number | null; staffId?: number | null; startsAt: Date; durationMin: number; bufferMin: number; ignoreId?: number }) {
  const venue = await resolveVenue(ctx.em, q.locationId, ctx.settings);
  await lockLocation(ctx.em, venue.id);
  const free = q.startsAt > ctx.now && await isBookable(ctx.em, {
    venue, durationMin: q.durationMin, bufferMin: q.bufferMin, staffId: q.staffId, startsAt: q.startsAt, ignoreId: q.ignoreId, staffPeriods: await staffPeriods(ctx.em, q.staffId),
  });
  if (!free) throw new SlotUnavailableError();
  return venue;
}

/** A service booked with a staff member or at a location that does not offer it (the service's staffIds/locationIds). */
export class NotOfferedError extends Error {
  constructor(readonly field: 'staffId' | 'locationId', serviceName: string) {
    super(`${serviceName} is not offered ${field === 'staffId' ? 'by this staff member' : 'at this location'}`);
  }
}

/**
 * Who and where may give a service: an empty list means everyone (and everywhere), as the admin pages say. Checked
 * when a visit is booked; the slot search narrows by the same lists, so what is offered is what can be booked.
 */
export function assertOffered(service: Service, at: { staffId?: number | null; locationId?: number | null }): void {
  if (at.staffId != null && service.staffIds?.length && !service.staffIds.includes(at.staffId)) throw new NotOfferedError('staffId', service.name);
  if (at.locationId != null && service.locationIds?.length && !service.locationIds.includes(at.locationId)) throw new NotOfferedError('locationId', service.name);
}

export async function bookAppointment(ctx: ChangeContext, b: { contact: Contact; service: Service; startsAt: Date; staffId?: number | null; locationId?: number | null; source: AppointmentSource }): Promise<Appointment> {
  assertOffered(b.service, { staffId: b.staffId, locationId: b.locationId ?? b.service.locationId });
  const venue = await claimSlot(ctx, { locationId: b.locationId ?? b.service.locationId, staffId: b.staffId, startsAt: b.startsAt, durationMin: b.service.durationMin, bufferMin: b.service.bufferMin ?? 0 });
  const appt = await ctx.em.save(ctx.em.create(AppointmentRow, {
    contactId: b.contact.id, serviceId: b.service.id, staffId: b.staffId ?? null, locationId: venue.id, service: b.service.name, location: venue.name,
    startsAt: b.startsAt, endsAt: new Date(b.startsAt.getTime() + b.service.durationMin * 60_000), status: 'booked', source: b.source, csatScore: null,
  }));
  await recordChange(ctx.em, appt, 'booked', ctx.actor, ctx.now, { status: null, startsAt: null }, { source: b.source });
  await planAppointmentJobs(ctx.em, appt, ctx.settings, ctx.now);
  return appt;
}

/** Moves an appointment atomically (lock, re-check, write) and counts it as confirmed: the customer chose the time. */
export async function moveAppointment(ctx: ChangeContext, appt: Appointment, startsAt: Date): Promise<Appointment> {
  const bufferMin = appt.serviceId ? (await ctx.em.findOneBy(ServiceRow, { id: appt.serviceId }))?.bufferMin ?? 0 : 0;
  await claimSlot(ctx, { locationId: appt.locationId, staffId: appt.staffId, startsAt, durationMin: durationMin(appt), bufferMin, ignoreId: appt.id });
  const before = snapshot(appt);
  Object.assign(appt, { startsAt, endsAt: new Date(startsAt.getTime() + durationMin(appt) * 60_000), status: 'confirmed' });
  await ctx.em.save(appt);
  await recordChange(ctx.em, appt, 'rescheduled', ctx.actor, ctx.now, before);
  await planAppointmentJobs(ctx.em, appt, ctx.settings, ctx.now);
  return appt;
}

const TRANSITIONS: Record<'confirmed' | 'cancelled' | 'completed' | 'no_show', { kind: AppointmentEventKind; from: AppointmentStatus[] }> = {
  confirmed: { kind: 'confirmed', from: ['booked', 'confirmed'] },
  cancelled: { kind: 'cancelled', from: ['booked', 'confirmed'] },
  completed: { kind: 'completed', from: ['booked', 'confirmed'] },
  no_show: { kind: 'no_show', from: ['booked', 'confirmed'] },
};

/** An appointment in a state that cannot make this change (e.g. confirming a cancelled one). */
export class InvalidTransitionError extends Error {
  constructor(readonly from: AppointmentStatus, readonly to: AppointmentStatus) { super(`A ${from} appointment cannot become ${to}`); }
}

/** Confirm, cancel, complete or record a no-show; repeating a confirmation is harmless and not recorded twice. */
export async function changeStatus(ctx: ChangeContext, appt: Appointment, to: keyof typeof TRANSITIONS): Promise<Appointment> {
  const rule = TRANSITIONS[to];
  if (!rule.from.includes(appt.status)) throw new InvalidTransitionError(appt.status, to);
  if (appt.status === to) return appt;
  const before = snapshot(appt);
  appt.status = to;
  await ctx.em.save(appt);
  await recordChange(ctx.em, appt, rule.kind, ctx.actor, ctx.now, before);
  if (to === 'completed' || to === 'no_show') await countVisitClosed(ctx.em, appt, to, before.status);
  if (to === 'confirmed') return appt;   // reminders stay planned; the 2 h one skips itself for a confirmed visit
  await cancelAppointmentJobs(ctx.em, appt.id);
  return appt;
}

/** A satisfaction score from the survey reply, kept on the appointment and in its history. */
export async function recordScore(ctx: ChangeContext, appt: Appointment, score: number): Promise<void> {
  const before = appt.csatScore ?? null;
  appt.csatScore = score;
  await ctx.em.save(appt);
  await countScoreChange(ctx.em, appt, before, score);
  await recordChange(ctx.em, appt, 'rated', ctx.actor, ctx.now, snapshot(appt), { score });
}
