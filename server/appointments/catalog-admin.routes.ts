import { Router, type Response } from 'express';
import { In, IsNull, MoreThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { requireRole } from '../auth/require-role';
import { ACTIVE_STATUSES, Appointment, Location, Service, StaffMember } from '../db/entities';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { locationBody, locationPatch, serviceBody, servicePatch, staffBody, staffPatch } from './catalog-schemas';
import { newFeedToken } from './feed-token';

/** Refusal to remove what future bookings still need; the body names them so the admin can move them first. */
class StillBookedError extends Error {
  constructor(readonly what: string, readonly bookings: Pick<Appointment, 'id' | 'startsAt' | 'endsAt'>[]) {
    super(`${what} is still booked: ${bookings.map((b) => `#${b.id} at ${b.startsAt.toISOString()}`).join(', ')}`);
  }
}

function refuseStillBooked(res: Response, err: StillBookedError): void {
  res.status(409).json({
    error: {
      code: 'still_booked', message: err.message,
      bookings: err.bookings.map((b) => ({ id: b.id, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() })),
    },
  });
}

/** Booked or confirmed appointments from now on that use this service, location or staff member. */
async function futureBookings(em: EntityManager, now: Date, where: FindOptionsWhere<Appointment>[]) {
  const base = { status: In(ACTIVE_STATUSES), startsAt: MoreThan(now) };
  return em.find(Appointment, { where: where.map((w) => ({ ...base, ...w })), order: { startsAt: 'ASC' }, take: 50, select: { id: true, startsAt: true, endsAt: true } });
}

async function refuseIfBooked(em: EntityManager, now: Date, what: string, where: FindOptionsWhere<Appointment>[]): Promise<void> {
  const bookings = await futureBookings(em, now, where);
  if (bookings.length > 0) throw new StillBookedError(what, bookings);
}

/** Every id must name a row: a 400 naming the field, never a dangling reference. */
async function requireIds(em: EntityManager, entity: typeof Location | typeof StaffMember | typeof Service, ids: number[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await em.count(entity, { where: { id: In(ids) } });
  if (found !== ids.length) throw new HttpError(400, 'invalid_field', `${field}: names something that does not exist`, field);
}

const serviceView = (s: Service) => ({
  id: s.id, name: s.name, names: s.names ?? { 'zh-CN': s.name }, durationMin: s.durationMin, durationMinutes: s.durationMin,
  bufferMinutes: s.bufferMin, locationId: s.locationId, locationIds: s.locationIds ?? [], staffIds: s.staffIds ?? [], active: s.active,
});

const locationView = (l: Location) => ({
  id: l.id, name: l.name, address: l.address, phone: l.phone, timezone: l.timezone, capacity: l.capacity, slotMinutes: l.slotMinutes,
  weeklyHours: l.weeklyHours, closedDates: l.closedDates,
});

const staffView = (s: StaffMember, services: Service[]) => ({
  id: s.id, name: s.name, locationId: s.locationId, weeklyHours: s.weeklyHours, active: s.active,
  serviceIds: services.filter((x) => x.staffIds?.includes(s.id)).map((x) => x.id),
});

/** `{ 'zh-CN': '洗牙', en: 'Cleaning' }` or '洗牙' → the stored name (Chinese first, the diary's language) and the per-language names. */
function namesOf(name: string | Record<string, string>): { name: string; names: Record<string, string> | null } {
  if (typeof name === 'string') return { name, names: null };
  return { name: name['zh-CN'] ?? name['zh-TW'] ?? Object.values(name)[0], names: name };
}

/**
 * Services, locations and staff (issue 13): agents read them (the inbox's pickers), admins change them. A change that
 * would strand a future booking — deleting, or deactivating — is refused with 409 naming the bookings.
 * `GET /services` lives in catalog.routes.ts (the inbox's shape, with these fields added).
 */
export function catalogAdminRoutes(deps: AppDeps): Router {
  const { ds, clock, sessions } = deps;
  const router = Router();
  const admin = requireRole(sessions, 'admin');
  const anyone = requireRole(sessions);
  const tx = <T>(work: (em: EntityManager) => Promise<T>) => inTransaction(ds, work);
  const guarded = async (res: Response, work: () => Promise<unknown>) => {
    try { res.json(await work()); } catch (err) {
      if (err instanceof StillBookedError) return refuseStillBooked(res, err);
      throw err;
    }
  };

  // Services ---------------------------------------------------------------------------------------------------
  router.post('/services', admin, async (req, res) => {
    const b = parseBody(serviceBody, req);
    const saved = await tx(async (em) => {
      await requireIds(em, Location, b.locationIds, 'locationIds');
      await requireIds(em, StaffMember, b.staffIds, 'staffIds');
      return em.save(em.create(Service, {
        ...namesOf(b.name), durationMin: b.durationMinutes, bufferMin: b.bufferMinutes, locationId: b.locationIds[0] ?? null,
        locationIds: b.locationIds, staffIds: b.staffIds, active: b.active,
      }));
    });
    res.status(201).json(serviceView(saved));
  });

  router.patch('/services/:id', admin, async (req, res) => {
    const id = idParam(req);
    const b = parseBody(servicePatch, req);
    await guarded(res, () => tx(async (em) => {
      const service = await em.findOneBy(Service, { id });
      if (!service) throw notFound('Service');
      if (b.locationIds) await requireIds(em, Location, b.locationIds, 'locationIds');
      if (b.staffIds) await requireIds(em, StaffMember, b.staffIds, 'staffIds');
      if (b.active === false && service.active) await refuseIfBooked(em, clock.now(), `Service ${service.name}`, [{ serviceId: id }]);
      if (b.name !== undefined) Object.assign(service, namesOf(b.name));
      if (b.durationMinutes !== undefined) service.durationMin = b.durationMinutes;
      if (b.bufferMinutes !== undefined) service.bufferMin = b.bufferMinutes;
      if (b.locationIds) { service.locationIds = b.locationIds; service.locationId = b.locationIds[0] ?? null; }
      if (b.staffIds) service.staffIds = b.staffIds;
      if (b.active !== undefined) service.active = b.active;
      return serviceView(await em.save(service));
    }));
  });

  // Appointments keep their service's id and name, so a service is deactivated rather than removed.
  router.delete('/services/:id', admin, async (req, res) => {
    const id = idParam(req);
    await guarded(res, () => tx(async (em) => {
      const service = await em.findOneBy(Service, { id });
      if (!service) throw notFound('Service');
      await refuseIfBooked(em, clock.now(), `Service ${service.name}`, [{ serviceId: id }]);
      await em.update(Service, { id }, { active: false });
      return { id, deleted: true };
    }));
  });

  // Locations --------------------------------------------------------------------------------------------------
  router.get('/locations', anyone, async (_req, res) => {
    const locations = await ds.manager.find(Location, { order: { id: 'ASC' } });
    res.json({ items: locations.map(locationView) });
  });

  router.post('/locations', admin, async (req, res) => {
    const b = parseBody(locationBody, req);
    const saved = await tx((em) => em.save(em.create(Location, { ...b, bookingSeq: 0, feedToken: newFeedToken() })));
    res.status(201).json(locationView(saved));
  });

  router.patch('/locations/:id', admin, async (req, res) => {
    const id = idParam(req);
    const b = parseBody(locationPatch, req);
    const saved = await tx(async (em) => {
      const location = await em.findOneBy(Location, { id });
      if (!location) throw notFound('Location');
      return em.save(Object.assign(location, b));
    });
    res.json(locationView(saved));
  });

  router.delete('/locations/:id', admin, async (req, res) => {
    const id = idParam(req);
    await guarded(res, () => tx(async (em) => {
      const location = await em.findOneBy(Location, { id });
      if (!location) throw notFound('Location');
      // The first location is the default: it also holds appointments stored without a location.
      const first = await em.findOne(Location, { where: {}, order: { id: 'ASC' } });
      await refuseIfBooked(em, clock.now(), `Location ${location.name}`, [{ locationId: id }, ...(first?.id === id ? [{ locationId: IsNull() }] : [])]);
      await em.delete(Location, { id });
      return { id, deleted: true };
    }));
  });

  // Staff ------------------------------------------------------------------------------------------------------
  const staffServices = (em: EntityManager) => em.find(Service, { where: { active: true }, order: { id: 'ASC' } });

  /** Which services a staff member gives is kept on the service (`staffIds`): add or remove them there. */
  async function setServicesOf(em: EntityManager, staffId: number, serviceIds: number[]): Promise<void> {
    await requireIds(em, Service, serviceIds, 'serviceIds');
    for (const service of await em.find(Service, { order: { id: 'ASC' } })) {
      const has = service.staffIds?.includes(staffId) ?? false;
      const wants = serviceIds.includes(service.id);
      if (has === wants) continue;
      service.staffIds = wants ? [...(service.staffIds ?? []), staffId] : (service.staffIds ?? []).filter((s) => s !== staffId);
      await em.save(service);
    }
  }

  router.get('/staff', anyone, async (_req, res) => {
    const [staff, services] = await Promise.all([ds.manager.find(StaffMember, { order: { id: 'ASC' } }), staffServices(ds.manager)]);
    res.json({ items: staff.map((s) => staffView(s, services)) });
  });

  router.post('/staff', admin, async (req, res) => {
    const b = parseBody(staffBody, req);
    const view = await tx(async (em) => {
      if (b.locationId) await requireIds(em, Location, [b.locationId], 'locationId');
      const staff = await em.save(em.create(StaffMember, {
        name: b.name, locationId: b.locationId, weeklyHours: b.weeklyHours, active: b.active, feedToken: newFeedToken(),
      }));
      await setServicesOf(em, staff.id, b.serviceIds);
      return staffView(staff, await staffServices(em));
    });
    res.status(201).json(view);
  });

  router.patch('/staff/:id', admin, async (req, res) => {
    const id = idParam(req);
    const b = parseBody(staffPatch, req);
    await guarded(res, () => tx(async (em) => {
      const staff = await em.findOneBy(StaffMember, { id });
      if (!staff) throw notFound('Staff member');
      if (b.locationId) await requireIds(em, Location, [b.locationId], 'locationId');
      if (b.active === false && staff.active) await refuseIfBooked(em, clock.now(), `Staff member ${staff.name}`, [{ staffId: id }]);
      if (b.serviceIds) await setServicesOf(em, id, b.serviceIds);
      const { serviceIds: _ignored, ...fields } = b;
      return staffView(await em.save(Object.assign(staff, fields)), await staffServices(em));
    }));
  });

  router.delete('/staff/:id', admin, async (req, res) => {
    const id = idParam(req);
    await guarded(res, () => tx(async (em) => {
      const staff = await em.findOneBy(StaffMember, { id });
      if (!staff) throw notFound('Staff member');
      await refuseIfBooked(em, clock.now(), `Staff member ${staff.name}`, [{ staffId: id }]);
      await setServicesOf(em, id, []);
      // Past appointments keep pointing at them (history, calendar feeds): deactivated, not removed.
      await em.update(StaffMember, { id }, { active: false });
      return { id, deleted: true };
    }));
  });
  return router;
}
