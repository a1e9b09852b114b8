import type { Namespace, Server } from 'socket.io';
import { agentOfHandshake } from '../auth/handshake-auth';
import type { AppDeps } from '../deps';
import type { ReportsServerEvents } from '../inbox/socket-contract';
import { createReportsNotifier } from './reports-notifier';

/** The dashboard's Socket.IO namespace: `io('/reports')` in the page. */
export const REPORTS_NAMESPACE = '/reports';

/**
 * Live "reports changed" for open dashboards: every signed-in agent may connect (agents read the reports too, their
 * own numbers where a figure is per agent), and the event goes to every socket of the namespace on every node (the
 * Redis adapter carries a namespace's broadcasts as it carries the inbox's rooms), at most once a second for the whole
 * business (reports-notifier.ts).
 *
 * A namespace of its own rather than the inbox's: an inbox socket makes its agent present, and presence is what
 * round-robin assigns waiting customers by. A manager watching the dashboard all day, or an agent glancing at their
 * numbers, must not be handed conversations they cannot see; nor does an inbox need an event a second it ignores.
 * Returns the way to stop.
 */
export function attachReportsNamespace(io: Server, app: Pick<AppDeps, 'sessions' | 'bus' | 'clock' | 'config' | 'log'>): () => Promise<void> {
  const nsp: Namespace<Record<string, never>, ReportsServerEvents> = io.of(REPORTS_NAMESPACE);
  nsp.use(async (socket, next) => next((await agentOfHandshake(app.sessions, socket.handshake)) ? undefined : new Error('unauthenticated')));
  let detached = false;
  const notifier = createReportsNotifier({
    redisUrl: app.config.REDIS_URL, keyPrefix: app.config.REDIS_KEY_PREFIX, log: app.log,
    emit: () => { if (!detached) nsp.emit('reports:changed', { at: app.clock.now().toISOString() }); },
  });
  const off = app.bus.on('reports:changed', () => notifier.changed());
  return async () => {
    detached = true;
    off();
    await notifier.close();
  };
}
