import { Router } from 'express';
import { requireRole } from '../auth/require-role';
import { inTransaction } from '../db/transaction';
import type { AppDeps } from '../deps';
import { completeSetup, setupState } from './setup-state';

/**
 * The first-run setup a business without demo data goes through: where it stands (any signed-in agent may ask, so
 * the UI can decide where to go) and finishing it (admins). Each step saves through the ordinary admin APIs.
 */
export function setupRoutes({ ds, sessions, provider, clock }: AppDeps): Router {
  const router = Router();

  router.get('/setup', requireRole(sessions), async (_req, res) => {
    res.json(await setupState(ds.manager, provider.name));
  });

  router.post('/setup/complete', requireRole(sessions, 'admin'), async (_req, res) => {
    await inTransaction(ds, (em) => completeSetup(em, clock.now()));
    res.json(await setupState(ds.manager, provider.name));
  });
  return router;
}
