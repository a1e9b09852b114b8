import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { Service } from '../db/entities';
import type { AppDeps } from '../deps';
import { idText, instantText, limitText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { HttpError } from '../http/errors';
import { findFreeSlots } from './slot-finder';
import { resolveVenue, staffPeriods } from './venue';

export const availabilityQuery = z.object({
  serviceId: idText,
  from: instantText.optional(),
  limit: limitText(50, 10),
  staffId: idText.optional(),
  locationId: idText.optional(),
});

/** What can be booked and when: the inbox's reschedule picker reads the same slots the SMS flow offers. */
export function catalogRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(['/services', '/availability'], requireRole(deps.sessions));

  router.get('/services', async (_req, res) => {
    const services = await deps.ds.manager.find(Service, { where: { active: true }, order: { id: 'ASC' } });
    res.json({
      items: services.map((s) => ({
        id: s.id, name: s.name, durationMin: s.durationMin, locationId: s.locationId,
        names: s.names ?? { 'zh-CN': s.name }, durationMinutes: s.durationMin, bufferMinutes: s.bufferMin, locationIds: s.locationIds ?? [], staffIds: s.staffIds ?? [],
      })),
    });
  });

  router.get('/availability', async (req, res) => {
    const q = parseQuery(availabilityQuery, req);
    const service = await deps.ds.manager.findOneBy(Service, { id: q.serviceId, active: true });
    if (!service) throw new HttpError(404, 'not_found', 'No such service', 'serviceId');
    const now = deps.clock.now();
    const from = q.from ?? now;
    const venue = await resolveVenue(deps.ds.manager, q.locationId ?? service.locationId, (await deps.rulesets.get()).source.settings);
    const slots = await findFreeSlots(deps.ds.manager, {
      venue, durationMin: service.durationMin, bufferMin: service.bufferMin, after: from > now ? from : now, limit: q.limit, staffId: q.staffId,
      staffPeriods: await staffPeriods(deps.ds.manager, q.staffId),
    });
    res.json({ items: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) });
  });
  return router;
}
