import { Router, type Request } from 'express';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { Appointment, Contact, Service } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { idNumber, idText, instantText, limitText, oneOf } from '../http/query-schemas';
import { idParam, parseBody, parseQuery } from '../http/validate';
import { toE164 } from '../shared/phone';
import { bookAppointment, type ChangeContext } from './appointment-actions';
import { asHttpError, historyOf, runCommand, type Command } from './appointment-commands';
import { queueAppointmentSms, type SmsDeps } from './appointment-sms';
import { toAppointmentView } from './appointment-view';
import { calendarRoutes } from './calendar.routes';
import { APPOINTMENT_COMMANDS } from './command-names';
import { contactSummaries, listAppointments } from './appointment-list';
import { capacityRoutes } from './capacity.routes';
import { catalogRoutes } from './catalog.routes';
import { catalogAdminRoutes } from './catalog-admin.routes';
import { rescheduleOptions } from './reschedule-options';
import { contactsIn } from '../db/repositories/contacts.repository';
import { createContact } from '../contacts/new-contact';

const isoInstant = z.string().datetime({ offset: true }).transform((s) => new Date(s));
// A known contact by id (the calendar's contact search) or any phone number (a new contact is made for it).
export const bookSchema = z.object({
  contactPhone: z.string().min(3).max(32).optional(), contactId: idNumber.optional(), serviceId: idNumber, startsAt: isoInstant,
  staffId: idNumber.optional(), locationId: idNumber.optional(),
  source: z.enum(['agent', 'api']).default('api'),
}).refine((b) => b.contactPhone !== undefined || b.contactId !== undefined, { path: ['contactPhone'], message: 'contactPhone or contactId is required' });
const STATUSES = ['booked', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export const listQuery = z.object({
  contactId: idText.optional(), locationId: idText.optional(), staffId: idText.optional(), status: oneOf(STATUSES).optional(),
  from: instantText.optional(), to: instantText.optional(),
});
export const rescheduleSchema = z.object({ startsAt: isoInstant });
export const optionsQuery = z.object({ limit: limitText(20, 3) });

async function contactFor(em: EntityManager, phone: string, timezone: string, now: Date): Promise<Contact> {
  const existing = await contactsIn(em).findByPhone(phone);
  if (existing) return existing;
  // Made as an inbound text makes it (the locale guessed from the number, an erased number's refusal kept).
  return createContact(em, { phone, timezone }, now);
}

/** Services, availability, appointments and calendar feeds (issue 5). Mounted under /api. */
export function appointmentRoutes(deps: AppDeps): Router {
  const { ds, bus, clock, config, sessions } = deps;
  const router = Router();
  router.use(calendarRoutes(deps));
  router.use(capacityRoutes(deps));
  router.use(catalogRoutes(deps));
  router.use(catalogAdminRoutes(deps));
  router.use('/appointments', requireRole(sessions));

  /** One transaction for the change and its SMS; the publish step runs only after commit. */
  const change = async <T>(req: Request, work: (ctx: ChangeContext, sms: SmsDeps) => Promise<{ result: T; publish: ((b: typeof bus) => void) | null }>) => {
    const ruleset = await deps.rulesets.get();
    const now = clock.now();
    const actor = { kind: 'agent' as const, agentId: req.agent!.id };
    return publishAfterCommit(ds, async (em, events) => {
      const { result, publish } = await work({ em, now, settings: ruleset.source.settings, actor }, { ruleset, now, channels: deps.channels });
      if (publish) events.push(() => publish(bus));
      return result;
    }).catch((err) => { throw asHttpError(err); });
  };

  router.post('/appointments', async (req, res) => {
    const body = parseBody(bookSchema, req);
    const phone = body.contactPhone === undefined ? null : toE164(body.contactPhone, config.DEFAULT_REGION);
    if (body.contactPhone !== undefined && !phone) throw new HttpError(400, 'invalid_field', 'contactPhone: not a phone number', 'contactPhone');
    const known = body.contactId === undefined ? null : await ds.manager.findOneBy(Contact, { id: body.contactId });
    if (body.contactId !== undefined && !known) throw new HttpError(400, 'invalid_field', 'contactId: no such contact', 'contactId');
    const service = await ds.manager.findOneBy(Service, { id: body.serviceId, active: true });
    if (!service) throw new HttpError(400, 'invalid_field', 'serviceId: no such service', 'serviceId');
    const appt = await change(req, async (ctx, sms) => {
      const contact = known ?? await contactFor(ctx.em, phone!, config.DEFAULT_TIMEZONE, ctx.now);
      const booked = await bookAppointment({ ...ctx, actor: { ...ctx.actor, kind: body.source } }, { contact, service, startsAt: body.startsAt, staffId: body.staffId, locationId: body.locationId, source: body.source });
      return { result: booked, publish: await queueAppointmentSms(ctx.em, sms, booked, 'appointment_confirmed', { origin: 'agent', agentId: ctx.actor.agentId }) };
    });
    res.status(201).json(toAppointmentView(appt, clock.now(), await historyOf(ds.manager, appt.id)));
  });

  router.get('/appointments', async (req, res) => {
    res.json(await listAppointments(ds.manager, parseQuery(listQuery, req), clock.now()));
  });

  router.get('/appointments/:id', async (req, res) => {
    const appt = await ds.manager.findOneBy(Appointment, { id: idParam(req) });
    if (!appt) throw new HttpError(404, 'not_found', 'Appointment not found');
    const contact = (await contactSummaries(ds.manager, [appt.contactId])).get(appt.contactId) ?? null;
    res.json({ ...toAppointmentView(appt, clock.now(), await historyOf(ds.manager, appt.id)), contact });
  });

  // The inbox's reschedule picker: the same three (or `limit`) times the SMS flow would offer for this appointment.
  router.get('/appointments/:id/reschedule-options', async (req, res) => {
    const appt = await ds.manager.findOneBy(Appointment, { id: idParam(req) });
    if (!appt) throw new HttpError(404, 'not_found', 'Appointment not found');
    const { limit } = parseQuery(optionsQuery, req);
    const contact = await ds.manager.findOneByOrFail(Contact, { id: appt.contactId });
    const settings = (await deps.rulesets.get()).source.settings;
    const slots = await rescheduleOptions(ds.manager, { appt, settings, now: clock.now(), timezone: contact.timezone || settings.timezone, limit });
    res.json({ items: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) });
  });

  router.post('/appointments/:id/:command', async (req, res) => {
    const command = req.params.command as Command;
    if (!APPOINTMENT_COMMANDS.includes(command)) throw new HttpError(404, 'not_found', `No appointment command ${command}`);
    const id = idParam(req);
    const input = command === 'reschedule' ? parseBody(rescheduleSchema, req) : {};
    const appt = await change(req, async (ctx, sms) => {
      const { appt: changed, publish } = await runCommand(ctx, sms, id, command, input);
      return { result: changed, publish };
    });
    res.json(toAppointmentView(appt, clock.now(), await historyOf(ds.manager, appt.id)));
  });
  return router;
}
