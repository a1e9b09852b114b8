import { agentSocketAuth } from '../auth/handshake-auth';
import type { AppDeps } from '../deps';
import { AutoAssigner, DEFAULT_AGENT_CAP } from './auto-assign';
import { commandHandlers } from './command-handlers';
import type { GatewayDeps } from './gateway-deps';
import { presenceHandlers } from './presence-handlers';
import { relayEvents } from './relays';
import { startSnoozeWaker } from './snooze-waker';
import type { InboxServer } from './socket-server';

/**
 * The agent inbox's Socket.IO gateway on the default namespace: no valid session, no connection; each socket gets
 * the presence and command handlers, and bus events are relayed to rooms (presence-handlers.ts, command-handlers.ts,
 * relays.ts). Returns the way to stop, which waits for relays still reading the database.
 */
export function attachInboxGateway(io: InboxServer, app: AppDeps): () => Promise<void> {
  // A hand-off follows the text whose transaction has just read the ruleset version: read again only if that was over
  // a second ago (an admin's new cap reaches the other nodes' next hand-off within that second).
  const capOf = async () => (await app.rulesets.recent(1000)).source.settings.assignmentCap ?? DEFAULT_AGENT_CAP;
  const assigner = new AutoAssigner(app.ds, app.conversations, () => app.presence.onlineAgentIds(), capOf, app.log, app.config.ARRIVAL_SETTLE_MS);
  const stopWaker = startSnoozeWaker(app);

  let detached = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch((err) => app.log.error({ err }, 'inbox relay failed')).finally(() => inFlight.delete(settled));
    inFlight.add(settled);
  };
  const deps: GatewayDeps = { io, app, assigner, track, isDetached: () => detached };

  io.use(agentSocketAuth(app.sessions));
  const handlers = [presenceHandlers(deps), commandHandlers(deps)];
  io.on('connection', (socket) => { for (const handle of handlers) handle(socket); });
  const stopRelays = relayEvents(deps);

  return async () => {
    detached = true;
    assigner.stop();
    stopRelays();
    stopWaker();
    await Promise.allSettled([...inFlight]);
  };
}
