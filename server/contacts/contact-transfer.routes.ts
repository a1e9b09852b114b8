import { Router } from 'express';
import type { AppDeps } from '../deps';

/** CSV import and export of contacts (issue 13; being built). Mounted before contactsRoutes: /contacts/export is not an id. */
export function contactTransferRoutes(_deps: AppDeps): Router {
  return Router();
}
