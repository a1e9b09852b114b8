import { Router } from 'express';
import type { AppDeps } from '../deps';

/** Contacts: list, search, create, edit, merge, erase, custom attributes (issue 13; being built). */
export function contactsRoutes(_deps: AppDeps): Router {
  return Router();
}
