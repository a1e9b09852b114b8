import { Router } from 'express';
import type { AppDeps } from '../deps';
import { configTransferRoutes } from './config-transfer.routes';
import { intentsRoutes } from './intents.routes';
import { rulesRoutes } from './rules.routes';
import { settingsRoutes } from './settings.routes';
import { templatesRoutes } from './templates.routes';
import { versionsRoutes } from './versions.routes';

/** Rules, templates, intents, settings, versions and import/export (issue 6). Mounted under /api. */
export function adminRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(rulesRoutes(deps));
  router.use(templatesRoutes(deps));
  router.use(intentsRoutes(deps));
  router.use(settingsRoutes(deps));
  router.use(versionsRoutes(deps));
  router.use(configTransferRoutes(deps));
  return router;
}
