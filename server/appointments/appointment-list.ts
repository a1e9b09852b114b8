import { Between, In, IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { Appointment, Contact, Conversation, Location, StaffMember, type AppointmentStatus } from '../db/entities';
import { toAppointmentView } from './appointment-view';

/**
 * A week at a busy clinic (several chairs, ~10 minutes a slot, six days) is well under this; a calendar asking for
 * more is asking for too wide a range, and `truncated` tells it so rather than silently dropping the rest.
 */
export const LIST_CAP = 2000;

export interface ListFilter {
  contactId?: number; locationId?: number; staffId?: number; status?: AppointmentStatus; from?: Date; to?: Date;
}

/** The default (first) location also holds appointments stored without one, as slot-finder.ts counts them. */
async function locationWhere(em: EntityManager, locationId: number): Promise<FindOptionsWhere<Appointment>['locationId'][]> {
  const first = await em.findOne(Location, { where: {}, order: { id: 'ASC' }, select: { id: true } });
  return first?.id === locationId ? [locationId, IsNull()] : [locationId];
}

/**
 * Appointments for the calendar and the contact panel, each with its contact's name and phone and its staff member's
 * name: four queries in all (appointments, then contacts with their threads, and staff by id), however many appointments there are.
 */
export async function listAppointments(em: EntityManager, f: ListFilter, now: Date) {
  const base: FindOptionsWhere<Appointment> = {
    ...(f.contactId ? { contactId: f.contactId } : {}),
    ...(f.staffId ? { staffId: f.staffId } : {}),
    ...(f.status ? { status: f.status } : {}),
    startsAt: Between(f.from ?? new Date(0), f.to ?? new Date('9999-12-31T00:00:00Z')),
  };
  const where = f.locationId ? (await locationWhere(em, f.locationId)).map((locationId) => ({ ...base, locationId })) : base;
  const rows = await em.find(Appointment, { where, order: { startsAt: 'ASC', id: 'ASC' }, take: LIST_CAP + 1 });
  const items = rows.slice(0, LIST_CAP);
  const contactIds = [...new Set(items.map((a) => a.contactId))];
  const staffIds = [...new Set(items.map((a) => a.staffId).filter((id): id is number => id != null))];
  const contacts = await contactSummaries(em, contactIds);
  const staff = new Map((staffIds.length ? await em.find(StaffMember, { where: { id: In(staffIds) }, select: { id: true, name: true } }) : []).map((s) => [s.id, s]));
  return {
    truncated: rows.length > LIST_CAP,
    items: items.map((a) => {
      const s = a.staffId != null ? staff.get(a.staffId) : undefined;
      return {
        ...toAppointmentView(a, now),
        contact: contacts.get(a.contactId) ?? null,
        serviceName: a.service, staffName: s?.name ?? null,
      };
    }),
  };
}

export interface ContactSummary { id: number; name: string | null; phone: string; conversationId: number | null }

/**
 * Who the appointments are for, by contact id: name, phone and their thread, so the calendar opens the conversation
 * itself rather than a search for it. Two queries however many contacts.
 */
export async function contactSummaries(em: EntityManager, contactIds: number[]): Promise<Map<number, ContactSummary>> {
  if (!contactIds.length) return new Map();
  const contacts = await em.find(Contact, { where: { id: In(contactIds) }, select: { id: true, name: true, phone: true } });
  const threads = new Map((await em.find(Conversation, { where: { contactId: In(contactIds) }, select: { id: true, contactId: true } })).map((t) => [t.contactId, t.id]));
  return new Map(contacts.map((c) => [c.id, { id: c.id, name: c.name, phone: c.phone, conversationId: threads.get(c.id) ?? null }]));
}
