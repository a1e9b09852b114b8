import type { Server } from 'socket.io';
import type { Logger } from '../shared/logger';
import { WatchedRooms, type ClusterAdapter } from './watched-rooms';

type AdapterOf = ReturnType<Server['of']>['adapter'];
type BroadcastOptions = Parameters<AdapterOf['broadcast']>[1];
/** The in-memory adapter's own step (socket.io-adapter): encode a packet once for every local socket it goes to. */
interface Encoding { _encode(packet: unknown, opts: unknown): unknown[] }

/** With Redis: which rooms of a namespace every node tells the others about, and how to hear that Redis came back. */
export interface AcrossNodes {
  /** The namespace's rooms that are published only while some node's socket is in them; none when undefined. */
  tracked(namespace: string): ((room: string) => boolean) | undefined;
  /** The namespace's rooms every node is told about for what they tell (who is online), never skipped. */
  reported?(namespace: string): ((room: string) => boolean) | undefined;
  log: Logger;
  /** Calls back each time a connection to Redis is ready again after a drop. */
  onReconnect(callback: () => void): void;
}

/**
 * Sets `io`'s adapter — `make` builds each namespace's (the Redis adapter's factory; by default socket.io's own) — so
 * that a broadcast nobody on this process would receive is not encoded for them. Socket.IO's adapter encodes the
 * packet before it looks for the sockets, and most of what Huixin broadcasts goes to rooms that nobody here shows (a
 * thread no agent has open, the phone simulator with no page on it): under a burst of webhooks that encoding was 2–3%
 * of the process's CPU (bench:webhook's profile). With `acrossNodes` (the Redis adapter), a broadcast to tracked rooms
 * that no node's socket is in is not published either (watched-rooms.ts); everything else is published for the other
 * nodes, whose sockets this process does not know.
 */
export function skipBroadcastsNobodyGets(io: Server, make: (nsp: AdapterOf['nsp']) => AdapterOf = defaultAdapter(io), acrossNodes?: AcrossNodes): void {
  io.adapter(function quietAdapter(nsp: AdapterOf['nsp']) {
    const adapter = make(nsp);
    const encoding = adapter as unknown as Encoding;
    const encode = encoding._encode.bind(adapter);
    const broadcast = adapter.broadcast.bind(adapter);
    const tracked = acrossNodes?.tracked(nsp.name);
    const registry = acrossNodes && tracked ? watchAcrossNodes(nsp, adapter, tracked, acrossNodes) : null;
    let nobodyHere = false;
    // Called by the adapter's broadcast, synchronously inside the one below: nothing to encode when nobody would get it.
    encoding._encode = (packet, opts) => (nobodyHere ? [] : encode(packet, opts));
    adapter.broadcast = (packet: unknown, opts: BroadcastOptions) => {
      nobodyHere = !anyLocalSocket(adapter, opts);
      const nobodyAnywhere = nobodyHere && !!registry?.nobodyElsewhere(opts.rooms);
      try { broadcast(packet, nobodyAnywhere ? { ...opts, flags: { ...opts.flags, local: true } } : opts); } finally { nobodyHere = false; }
    };
    return adapter;
  });
}

const registries = new WeakMap<object, WatchedRooms>();
/** The registry of a namespace's rooms across nodes, when it has one (with Redis). */
export const watchedRoomsOf = (nsp: AdapterOf['nsp']): WatchedRooms | undefined => registries.get(nsp.adapter);

/**
 * The namespace's rooms known across nodes: a join that opens a tracked room here resolves once every node knows
 * (`await socket.join(room)`) — so does a second join while the first's announcement is under way; a reported room
 * opened, and the last leave of any, are told without waiting.
 */
function watchAcrossNodes(nsp: AdapterOf['nsp'], adapter: AdapterOf, tracked: (room: string) => boolean, acrossNodes: AcrossNodes): WatchedRooms {
  const reported = acrossNodes.reported?.(nsp.name);
  const registry = new WatchedRooms(nsp, adapter as unknown as ClusterAdapter, { tracked, reported, log: acrossNodes.log });
  acrossNodes.onReconnect(() => registry.reconnected());
  const addAll = adapter.addAll.bind(adapter);
  const announcing = new Map<string, Promise<void>>();
  adapter.addAll = (id, rooms) => {
    const opened = [...rooms].filter((room) => tracked(room) && !adapter.rooms.has(room));
    const told = reported ? [...rooms].some((room) => reported(room) && !adapter.rooms.has(room)) : false;
    const added = addAll(id, rooms);
    if (told && !opened.length) registry.changed();
    if (opened.length) {
      const known = Promise.resolve(added).then(() => registry.joined());
      for (const room of opened) announcing.set(room, known);
      void known.then(() => { for (const room of opened) if (announcing.get(room) === known) announcing.delete(room); });
    }
    const waits = [...rooms].flatMap((room) => announcing.get(room) ?? []);
    return waits.length ? Promise.all(waits).then(() => undefined) : added;
  };
  adapter.on('delete-room', (room: string) => { if (registry.listed(room)) registry.changed(); });
  const close = adapter.close.bind(adapter);
  adapter.close = () => { registry.stop(); return close(); };
  registries.set(adapter, registry);
  return registry;
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
