import { z } from 'zod';
import { isoInstant, itemsOf, nullableInstant } from './common-schemas';

/** Appointments as server/appointments/appointment-view.ts and appointment-list.ts answer them. */

const historyEntry = z.object({
  kind: z.string(), actor: z.string(), agentId: z.number().nullable(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(),
  fromStartsAt: nullableInstant, toStartsAt: isoInstant, detail: z.unknown(), at: isoInstant,
});

export const appointment = z.object({
  id: z.number(), contactId: z.number(), serviceId: z.number().nullable(), service: z.string(), staffId: z.number().nullable(),
  locationId: z.number().nullable(), location: z.string().nullable(), startsAt: isoInstant, endsAt: isoInstant,
  status: z.string().describe('booked, confirmed, cancelled, completed, no_show …'),
  actions: z.array(z.string()).describe('The commands POST /api/appointments/{id}/{command} accepts now'),
  source: z.string(), csatScore: z.number().nullable(), createdAt: isoInstant, updatedAt: isoInstant,
  history: z.array(historyEntry).optional(),
}).meta({ id: 'Appointment' });

const contactOfAppointment = z.object({ id: z.number(), name: z.string().nullable(), phone: z.string(), conversationId: z.number().nullable() });

export const appointmentList = z.object({
  truncated: z.boolean(),
  items: z.array(appointment.extend({ contact: contactOfAppointment.nullable(), serviceName: z.string(), staffName: z.string().nullable() })),
});

export const appointmentDetail = appointment.extend({ contact: z.looseObject({ id: z.number() }).nullable() });

export const slotList = z.object({ items: z.array(z.object({ startsAt: isoInstant, endsAt: isoInstant })) });

/** A service or staff member is retired (past appointments keep naming it), a location removed; both answer this. */
export const deletedEntry = z.object({ id: z.number(), deleted: z.literal(true) });

export const calendarFeeds = itemsOf(z.object({
  kind: z.enum(['locations', 'staff']), id: z.number(), name: z.string(),
  path: z.string().describe('/api/calendar/{kind}/{id}.ics with its secret `token`: what a calendar app subscribes to'),
}));
