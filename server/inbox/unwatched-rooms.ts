import type { Server } from 'socket.io';

type AdapterOf = ReturnType<Server['of']>['adapter'];
type BroadcastOptions = Parameters<AdapterOf['broadcast']>[1];
/** The in-memory adapter's own step (socket.io-adapter): encode a packet once for every local socket it goes to. */
interface Encoding { _encode(packet: unknown, opts: unknown): unknown[] }

/**
 * Sets `io`'s adapter — `make` builds each namespace's (the Redis adapter's factory; by default socket.io's own) — so
 * that a broadcast nobody on this process would receive is not encoded for them. Socket.IO's adapter encodes the
 * packet before it looks for the sockets, and most of what Huixin broadcasts goes to rooms that nobody here shows (a
 * thread no agent has open, the phone simulator with no page on it): under a burst of webhooks that encoding was 2–3%
 * of the process's CPU (bench:webhook's profile). The Redis adapter still publishes every broadcast for the other
 * nodes, whose sockets this process does not know.
 */
export function skipEncodingForNobody(io: Server, make: (nsp: AdapterOf['nsp']) => AdapterOf = defaultAdapter(io)): void {
  io.adapter(function quietAdapter(nsp: AdapterOf['nsp']) {
    const adapter = make(nsp);
    const encoding = adapter as unknown as Encoding;
    const encode = encoding._encode.bind(adapter);
    const broadcast = adapter.broadcast.bind(adapter);
    let nobodyHere = false;
    // Called by the adapter's broadcast, synchronously inside the one below: nothing to encode when nobody would get it.
    encoding._encode = (packet, opts) => (nobodyHere ? [] : encode(packet, opts));
    adapter.broadcast = (packet: unknown, opts: BroadcastOptions) => {
      nobodyHere = !anyLocalSocket(adapter, opts);
      try { broadcast(packet, opts); } finally { nobodyHere = false; }
    };
    return adapter;
  });
}

/** Whether a socket of this process is in one of the rooms `opts` names (no rooms: the whole namespace). */
function anyLocalSocket(adapter: AdapterOf, opts: BroadcastOptions): boolean {
  if (!opts.rooms.size) return adapter.sids.size > 0;
  for (const room of opts.rooms) if (adapter.rooms.get(room)?.size) return true;
  return false;
}

/** The adapter class `io` has now (socket.io's in-memory one unless set), as a factory. */
function defaultAdapter(io: Server): (nsp: AdapterOf['nsp']) => AdapterOf {
  const Adapter = io.adapter() as unknown as new (nsp: AdapterOf['nsp']) => AdapterOf;
  return (nsp) => new Adapter(nsp);
}
