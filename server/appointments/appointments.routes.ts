import { Router } from 'express';
import type { AppDeps } from '../deps';

/** Services, availability and appointments (issue 5). Mounted under /api. */
export function appointmentRoutes(_deps: AppDeps): Router {
  return Router();
}
