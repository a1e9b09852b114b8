import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { Service } from '../db/entities';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { idText, instantText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { capacityOf } from './capacity';
import { resolveVenue, staffPeriods } from './venue';

/** Six weeks: a month view with its leading and trailing days. */
const MAX_RANGE_DAYS = 42;

export const capacityQuery = z.object({
  locationId: idText.optional(), from: instantText, to: instantText, serviceId: idText.optional(), staffId: idText.optional(),
});

/** GET /api/calendar/capacity: open periods and free places per slot, for the agents' calendar. */
export function capacityRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/calendar/capacity', requireRole(deps.sessions), async (req, res) => {
    const q = parseQuery(capacityQuery, req);
    if (q.to <= q.from) throw new HttpError(400, 'invalid_field', 'to: must be after from', 'to');
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw new HttpError(400, 'invalid_field', `to: at most ${MAX_RANGE_DAYS} days after from`, 'to');
    const service = q.serviceId ? await deps.ds.manager.findOneBy(Service, { id: q.serviceId, active: true }) : null;
    if (q.serviceId && !service) throw new HttpError(404, 'not_found', 'No such service', 'serviceId');
    const settings = (await deps.rulesets.get()).source.settings;
    const venue = await resolveVenue(deps.ds.manager, q.locationId ?? service?.locationId, settings);
    if (q.locationId && venue.id !== q.locationId) throw new HttpError(404, 'not_found', 'No such location', 'locationId');
    // `now` is the server's clock: a browser's may be off, and past slots cannot be booked by the server's.
    res.json({ now: deps.clock.now().toISOString(), ...await capacityOf(deps.ds.manager, {
      venue, from: q.from, to: q.to, staffId: q.staffId, staffPeriods: await staffPeriods(deps.ds.manager, q.staffId),
      // Without a service, a slot is the location's own slot length.
      durationMin: service?.durationMin ?? venue.slotMinutes, bufferMin: service?.bufferMin ?? 0,
    }) });
  });
  return router;
}
