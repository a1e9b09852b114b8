import { Router } from 'express';
import { requireRole } from '../auth/require-role';
import { conversationsIn } from '../db/repositories/conversations.repository';
import type { AppDeps } from '../deps';
import { idParam } from '../http/validate';
import type { ActivityPage } from './activity-contract';
import { threadActivity } from './thread-activity';

/** GET /api/conversations/:id/activity: the thread's quiet lines, which the UI merges with its messages by time. */
export function activityRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/conversations/:id/activity', requireRole(deps.sessions), async (req, res) => {
    const conv = await conversationsIn(deps.ds.manager).getById(idParam(req));
    const { settings } = (await deps.rulesets.get()).source;
    const page: ActivityPage = { timezone: settings.timezone, items: await threadActivity(deps.ds.manager, conv.id, conv.contactId) };
    res.json(page);
  });
  return router;
}
