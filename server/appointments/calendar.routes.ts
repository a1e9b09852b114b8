import { Router, type Request } from 'express';
import { In, MoreThan, type FindOptionsWhere } from 'typeorm';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { ACTIVE_STATUSES, Appointment, Contact, Location, StaffMember } from '../db/entities';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { boundedText, idText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { feedTokenMatches } from './feed-token';
import { renderCalendar, type CalendarEvent } from './ical';

/** Every wrong token looks like a missing feed: a guess learns nothing about which ids exist. */
const noFeed = () => new HttpError(404, 'not_found', 'No such calendar feed');

export const feedQuery = z.object({ token: boundedText(200).optional() });

async function feedOwner(req: Request, deps: AppDeps): Promise<{ name: string; where: FindOptionsWhere<Appointment> }> {
  const { token } = parseQuery(feedQuery, req);
  const parsedId = idText.safeParse(req.params.id);
  const id = parsedId.success ? parsedId.data : null;
  const owner = id === null ? null
    : req.params.kind === 'locations' ? await deps.ds.manager.findOneBy(Location, { id })
      : req.params.kind === 'staff' ? await deps.ds.manager.findOneBy(StaffMember, { id }) : null;
  if (!owner || !feedTokenMatches(owner.feedToken, token)) throw noFeed();
  return { name: owner.name, where: req.params.kind === 'locations' ? { locationId: owner.id } : { staffId: owner.id } };
}

async function eventsFor(deps: AppDeps, where: FindOptionsWhere<Appointment>): Promise<CalendarEvent[]> {
  const appts = await deps.ds.manager.find(Appointment, {
    where: { ...where, status: In(ACTIVE_STATUSES), endsAt: MoreThan(deps.clock.now()) }, order: { startsAt: 'ASC' }, take: 1000,
  });
  const contacts = new Map((await deps.ds.manager.findBy(Contact, { id: In([...new Set(appts.map((a) => a.contactId)), 0]) })).map((c) => [c.id, c]));
  return appts.map((a) => {
    const contact = contacts.get(a.contactId);
    return {
      uid: `appointment-${a.id}@huixin`, startsAt: a.startsAt, endsAt: a.endsAt, updatedAt: a.updatedAt,
      summary: `${a.service} – ${contact?.name ?? contact?.phone ?? ''}`.trim(),
      description: `${contact?.phone ?? ''}\n${a.status}`, location: a.location ?? undefined,
      status: a.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE',
    };
  });
}

/**
 * iCalendar feeds of upcoming appointments per location and per staff member. Calendar apps cannot log in, so the
 * URL carries a per-feed secret (`?token=`); agents find the URLs at GET /api/calendar/feeds.
 */
export function calendarRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/calendar/feeds', requireRole(deps.sessions), async (_req, res) => {
    const feed = (kind: string, o: { id: number; name: string; feedToken: string }) =>
      ({ kind, id: o.id, name: o.name, path: `/api/calendar/${kind}/${o.id}.ics?token=${o.feedToken}` });
    const locations = await deps.ds.manager.find(Location, { order: { id: 'ASC' } });
    const staff = await deps.ds.manager.find(StaffMember, { where: { active: true }, order: { id: 'ASC' } });
    res.json({ items: [...locations.map((l) => feed('locations', l)), ...staff.map((s) => feed('staff', s))] });
  });
  router.get('/calendar/:kind/:id.ics', async (req, res) => {
    const { name, where } = await feedOwner(req, deps);
    res.type('text/calendar; charset=utf-8').set('Cache-Control', 'private, max-age=300')
      .send(renderCalendar(name, await eventsFor(deps, where), deps.clock.now()));
  });
  return router;
}
