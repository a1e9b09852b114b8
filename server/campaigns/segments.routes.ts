import { Router } from 'express';
import { requireRole } from '../auth/require-role';
import { Segment } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import { toE164 } from '../shared/phone';
import type { SegmentDefinition, SegmentPreview, SegmentView } from './campaign-contract';
import { campaignPolicy } from './campaign-policy';
import { createSegmentBody, patchSegmentBody } from './campaign-schemas';
import { segmentQuery } from './segment-query';

const toView = (s: Segment): SegmentView => ({ id: s.id, name: s.name, definition: s.definition, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() });

/** An imported list's phones in E.164, so the SQL compares them with stored numbers; a number that is none is a 400. */
function normalised(d: SegmentDefinition, region: string): SegmentDefinition {
  if (!d.phones) return d;
  const phones = d.phones.map((raw, i) => {
    const phone = toE164(raw, region);
    if (!phone) throw new HttpError(400, 'invalid_field', `phones.${i}: not a phone number`, `phones.${i}`);
    return phone;
  });
  return { ...d, phones };
}

/** Segments (issue 16): saved audiences for campaigns, admins only; their preview counts live. */
export function segmentRoutes(deps: AppDeps): Router {
  const router = Router();
  const admin = requireRole(deps.sessions, 'admin');
  const region = deps.config.DEFAULT_REGION;

  router.get('/segments', admin, async (_req, res) => {
    const rows = await deps.ds.manager.find(Segment, { order: { id: 'DESC' }, take: 500 });
    res.json({ items: rows.map(toView) });
  });

  router.post('/segments', admin, async (req, res) => {
    const { name, ...definition } = parseBody(createSegmentBody, req);
    const row = await inTransaction(deps.ds, (em) => insertStamped(em, Segment, { name, definition: normalised(definition, region) }, deps.clock.now()));
    res.status(201).json(toView(row));
  });

  router.get('/segments/:id', admin, async (req, res) => {
    const row = await deps.ds.manager.findOneBy(Segment, { id: idParam(req) });
    if (!row) throw notFound('Segment');
    res.json(toView(row));
  });

  /** Replaces the definition when any condition is given (a segment is one whole definition), or only renames it. */
  router.patch('/segments/:id', admin, async (req, res) => {
    const id = idParam(req);
    const { name, ...definition } = parseBody(patchSegmentBody, req);
    const row = await inTransaction(deps.ds, async (em) => {
      const found = await em.findOneBy(Segment, { id });
      if (!found) throw notFound('Segment');
      if (name) found.name = name;
      if (Object.keys(definition).length) found.definition = normalised(definition, region);
      found.updatedAt = deps.clock.now();
      await em.save(found);
      return found;
    });
    res.json(toView(row));
  });

  router.get('/segments/:id/preview', admin, async (req, res) => {
    const row = await deps.ds.manager.findOneBy(Segment, { id: idParam(req) });
    if (!row) throw notFound('Segment');
    const qb = segmentQuery(deps.ds.manager, row.definition, deps.clock.now(), await campaignPolicy(deps.ds.manager));
    const [count, sample] = await Promise.all([
      qb.clone().getCount(),
      qb.clone().orderBy('ct.id', 'ASC').limit(10).getMany(),
    ]);
    const answer: SegmentPreview = { count, sample: sample.map((c) => ({ id: c.id, name: c.name, phone: c.phone, tags: c.tags })) };
    res.json(answer);
  });
  return router;
}
