import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../server/inbox/socket-contract';

export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A logged-in agent's inbox socket, connected (or the handshake's refusal as a rejected promise). */
export function connectAgent(url: string, token: string | undefined): Promise<AgentSocket> {
  const socket: AgentSocket = connect(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

/** Resolves with the first event of this name that passes `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: AgentSocket, event: E, match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true, timeoutMs = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.off(event, listener as never); reject(new Error(`no ${String(event)} within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Collects every event of this name from now on. */
export function collect<E extends keyof ServerToClientEvents>(socket: AgentSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}
