import type { AppDeps } from '../deps';
import type { AutoAssigner } from './auto-assign';
import type { InboxServer } from './socket-server';

/** What the gateway's handler factories share: made once per running gateway in inbox-gateway.ts. */
export interface GatewayDeps {
  io: InboxServer;
  app: AppDeps;
  assigner: AutoAssigner;
  /** Work that reads the database before it emits: stopping waits for it, so nothing lands after Redis has closed. */
  track(work: Promise<unknown>): void;
  /** True once the gateway is stopping: sockets closed then must not announce anything. */
  isDetached(): boolean;
}
