import { navigate } from '../router';
import { setupApi } from '../setup/setup-api';
import { session } from './session';

/** Once the server says setup is not needed it never will be again in this tab, so the check is asked at most until then. */
let settled = false;

/**
 * Sends an admin of a business not yet set up to /setup (after login, and when the inbox or admin home opens).
 * Resolves true when it did. Agents never go there; a failed check lets the page open as usual.
 */
export async function sendToSetupIfNeeded(): Promise<boolean> {
  if (settled || session.agent?.role !== 'admin') return false;
  const state = await setupApi.state().catch(() => null);
  if (!state?.needed) {
    settled = state !== null;
    return false;
  }
  navigate('/setup');
  return true;
}
