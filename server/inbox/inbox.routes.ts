import { Router } from 'express';
import type { AppDeps } from '../deps';

/** The agent inbox's REST API (conversations, messages, contacts, ownership). Mounted under /api. */
export function inboxRoutes(_deps: AppDeps): Router {
  return Router();
}
