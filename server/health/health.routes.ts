import { Router } from 'express';
import type { Readiness } from './readiness';

/**
 * Probes for load balancers and orchestrators, unauthenticated and cheap:
 * - `GET /healthz` — alive: the process answers. Nothing else is asked, so a database outage never gets a node
 *   restarted by a liveness probe (that would not bring the database back).
 * - `GET /readyz` — send traffic here: 200 when the database and Redis answer, every migration has run and the node
 *   is not draining; 503 otherwise, with each part's state in the body.
 */
export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => { res.set('Cache-Control', 'no-store').json({ status: 'ok' }); });
  router.get('/readyz', async (_req, res) => {
    const { ready, ...parts } = await readiness.check();
    res.set('Cache-Control', 'no-store').status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', ...parts });
  });
  return router;
}
