import { Router } from 'express';
import type { AppDeps } from '../deps';

/** Rules, templates, intents, settings, versions (issue 6). Mounted under /api. */
export function adminRoutes(_deps: AppDeps): Router {
  return Router();
}
