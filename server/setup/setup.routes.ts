import { Router } from 'express';
import type { AppDeps } from '../deps';

/** The first-run setup a business without demo data goes through (issue 13; being built). */
export function setupRoutes(_deps: AppDeps): Router {
  return Router();
}
