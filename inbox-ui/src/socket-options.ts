import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/**
 * How every live view connects: WebSocket first, long-polling only when a WebSocket cannot be opened. On a machine
 * running several server processes (WEB_CONCURRENCY) the primary hands each TCP connection to one process, chosen by
 * its first request; a polling session sends each request on whichever keep-alive connection the browser picks, and
 * one first used for the API may belong to another process, which knows nothing of the session ("Session ID
 * unknown", 400, and a reconnect). A WebSocket is one connection from its handshake on, so it stays with the process
 * that holds its session. Behind nginx (deploy/) polling requests each get an upstream connection of their own.
 */
export const SOCKET_OPTIONS: Partial<ManagerOptions & SocketOptions> = {
  autoConnect: false, withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true,
};
