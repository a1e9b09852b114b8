import type { InboxServer } from '../inbox/socket-server';

/** How long a told client should wait before it connects again: long enough for the balancer to have moved on. */
export const RECONNECT_AFTER_MS = 1000;

/**
 * Tells this node's Socket.IO clients (every namespace) that it is stopping, then closes their connections at the
 * transport, not with a Socket.IO disconnect: socket.io-client reconnects by itself after a transport close (a server
 * disconnect would leave it offline), and the balancer gives the new connection to another node. The inbox re-reads
 * what it shows on reconnect, so nothing sent meanwhile is missed. `local`: with the Redis adapter a plain emit would
 * reach every node's clients.
 */
export function tellSocketsToReconnect(io: InboxServer, retryAfterMs = RECONNECT_AFTER_MS): void {
  const namespaces = [...io._nsps.values()];
  for (const nsp of namespaces) nsp.local.emit('server:draining', { retryAfterMs });
  // The connection under a socket (shared by its namespaces) closes once what it was writing, the hint, is flushed.
  for (const nsp of namespaces) for (const socket of nsp.sockets.values()) socket.conn.close();
}
