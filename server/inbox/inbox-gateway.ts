import type { Server } from 'socket.io';
import type { AppDeps } from '../deps';

/** The agent inbox's Socket.IO gateway on the default namespace. Returns a function that detaches it. */
export function attachInboxGateway(_io: Server, _deps: AppDeps): () => void {
  return () => {};
}
