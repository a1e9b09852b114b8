import { randomBytes } from 'node:crypto';

/**
 * Sticky sessions between the processes of one machine. Socket.IO's polling transport sends each request of a
 * session on a new HTTP request, which must reach the process that holds the session; so the session id
 * (engine.io's `sid`) starts with the number of the process's slot, and the primary reads it from the request line
 * before it hands the connection over. A restarted process takes its slot again; sessions of the one that died
 * are unknown to it, and their clients reconnect as after any restart.
 */
export function slotSessionId(slot: number): string {
  return `${slot}.${randomBytes(15).toString('base64url')}`;
}

/** The slot named by a request's `sid` parameter, from the start of the request (its request line). */
export function slotOfRequest(head: string): number | null {
  const lineEnd = head.indexOf('\r\n');
  const line = lineEnd === -1 ? head : head.slice(0, lineEnd);
  const match = /[?&]sid=(\d{1,4})\./.exec(line);
  return match ? Number(match[1]) : null;
}
