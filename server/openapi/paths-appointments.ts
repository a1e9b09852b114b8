import { z } from 'zod';
import { bookSchema, listQuery, optionsQuery, rescheduleSchema } from '../appointments/appointments.routes';
import { feedQuery } from '../appointments/calendar.routes';
import { capacityQuery } from '../appointments/capacity.routes';
import { availabilityQuery } from '../appointments/catalog.routes';
import { locationBody, locationPatch, serviceBody, servicePatch, staffBody, staffPatch } from '../appointments/catalog-schemas';
import { APPOINTMENT_COMMANDS } from '../appointments/command-names';
import { idText } from '../http/query-schemas';
import { appointment, appointmentDetail, appointmentList, calendarFeeds, deletedEntry, slotList } from './appointment-answers';
import { idPath } from './common-schemas';
import { created, group, json } from './operation';

const catalogEntry = z.looseObject({ id: z.number(), name: z.string() });

export const appointmentPaths = group('Appointments', 'signed-in', [
  { method: 'get', path: '/api/appointments', summary: 'Appointments in a period, for the calendar and the contact panel', query: listQuery, ok: json(appointmentList) },
  { method: 'post', path: '/api/appointments', summary: 'Book an appointment for a contact', body: bookSchema, ok: created(appointment) },
  { method: 'get', path: '/api/appointments/{id}', summary: 'One appointment with its history and contact', params: idPath, ok: json(appointmentDetail) },
  { method: 'get', path: '/api/appointments/{id}/reschedule-options', summary: 'Free times to move an appointment to', params: idPath, query: optionsQuery, ok: json(slotList) },
  {
    method: 'post', path: '/api/appointments/{id}/{command}', summary: 'Confirm, cancel, reschedule (with startsAt), remind, complete or mark a no-show',
    params: z.object({ id: idText, command: z.enum(APPOINTMENT_COMMANDS) }), body: rescheduleSchema.partial(), ok: json(appointment),
    description: 'Only `reschedule` reads a body (`{ startsAt }`); the appointment\'s `actions` say which commands it accepts now.',
  },
  { method: 'get', path: '/api/services', summary: 'Services that can be booked', ok: json(z.object({ items: z.array(catalogEntry) }).loose()) },
  { method: 'get', path: '/api/availability', summary: 'Free slots for a service', query: availabilityQuery, ok: json(slotList) },
  { method: 'post', path: '/api/services', summary: 'Add a service', access: 'admin', body: serviceBody, ok: created(catalogEntry) },
  { method: 'patch', path: '/api/services/{id}', summary: 'Change a service', access: 'admin', params: idPath, body: servicePatch, ok: json(catalogEntry) },
  { method: 'delete', path: '/api/services/{id}', summary: 'Delete (or retire) a service', access: 'admin', params: idPath, ok: json(deletedEntry) },
  { method: 'get', path: '/api/locations', summary: 'Locations with their hours', ok: json(z.object({ items: z.array(catalogEntry) })) },
  { method: 'post', path: '/api/locations', summary: 'Add a location', access: 'admin', body: locationBody, ok: created(catalogEntry) },
  { method: 'patch', path: '/api/locations/{id}', summary: 'Change a location', access: 'admin', params: idPath, body: locationPatch, ok: json(catalogEntry) },
  { method: 'delete', path: '/api/locations/{id}', summary: 'Delete (or retire) a location', access: 'admin', params: idPath, ok: json(deletedEntry) },
  { method: 'get', path: '/api/staff', summary: 'Staff with their hours and services', ok: json(z.object({ items: z.array(catalogEntry) })) },
  { method: 'post', path: '/api/staff', summary: 'Add a staff member', access: 'admin', body: staffBody, ok: created(catalogEntry) },
  { method: 'patch', path: '/api/staff/{id}', summary: 'Change a staff member', access: 'admin', params: idPath, body: staffPatch, ok: json(catalogEntry) },
  { method: 'delete', path: '/api/staff/{id}', summary: 'Delete (or retire) a staff member', access: 'admin', params: idPath, ok: json(deletedEntry) },
  { method: 'get', path: '/api/calendar/feeds', summary: 'iCalendar feed addresses per location and staff member', ok: json(calendarFeeds) },
  {
    method: 'get', path: '/api/calendar/{kind}/{id}.ics', summary: "A location's or staff member's appointments as an iCalendar feed", access: 'feed-token',
    params: z.object({ kind: z.enum(['locations', 'staff']), id: idText }), query: feedQuery, ok: { description: 'iCalendar', contentType: 'text/calendar' },
  },
  { method: 'get', path: '/api/calendar/capacity', summary: 'How full each day is, per location and staff', query: capacityQuery, ok: json(z.looseObject({ now: z.string() })) },
]);
