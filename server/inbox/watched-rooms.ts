import type { Namespace } from 'socket.io';
import type { Logger } from '../shared/logger';

/** One node's rooms, as it announces them: `version` grows with every change, so an older list never wins. */
export interface RoomList { uid: string; version: number; rooms: string[] }

/** What the registry needs of the Redis adapter (@socket.io/redis-adapter): its node id and how many nodes listen. */
export interface ClusterAdapter {
  uid: string;
  rooms: Map<string, Set<string>>;
  serverCount(): Promise<number>;
  /** `packet`: the event's name, its arguments, and with an ack a callback last (every other node's answers). */
  serverSideEmit(packet: unknown[]): void;
}

export interface WatchedRoomsOptions {
  /** The rooms whose broadcasts may be skipped (a thread's, a simulated phone's): never the agents' or an agent's own. */
  tracked(room: string): boolean;
  /** Rooms listed only for what they tell (an agent's own: that agent is online), never skipped, joins not waited on. */
  reported?(room: string): boolean;
  log: Logger;
  /** How long a join waits for every node to have heard of it before it goes on regardless. */
  announceWaitMs?: number;
  /** How often each node repeats its list, and checks that it knows every node. */
  resyncMs?: number;
}

const LIST = 'huixin:rooms';
const HELLO = 'huixin:rooms?';

/**
 * Which tracked rooms of one namespace any node's sockets are in, so that a broadcast to a room nobody anywhere
 * watches need not be published to Redis at all: most of what Huixin broadcasts goes to threads no agent has open and
 * phones no simulator shows, and every node paid to encode, publish, receive and drop each of them (~5% of a
 * webhook's CPU, bench:webhook).
 *
 * Why no message is lost. A node announces its list to every node when a socket joins a room new to it, and the join
 * (`await socket.join`) resolves only once every node has answered: the inbox and the simulator acknowledge a view
 * after the join and load the thread after the acknowledgement, so a text committed before every node knew is in the
 * loaded thread and one committed after is published. A leave is announced without waiting (publishing a little
 * longer loses nothing). A node skips only while it is `sure`: it has heard every node's list since it started (or
 * since its connection to Redis came back: announcements may have been missed meanwhile), and its last count of the
 * nodes listening found none it does not know — a node of an older version never answers, so nobody is sure while
 * one runs. Lists travel as full lists with a version, so the order they arrive in does not matter.
 * Every `resyncMs` each node repeats its list; a node unheard for three of those is forgotten (it crashed).
 */
export class WatchedRooms {
  private version = 0;
  private sure = false;
  /** Counts Redis coming back: a hello asked before cannot make the node sure (some node's news was lost after it). */
  private connection = 0;
  private readonly others = new Map<string, { version: number; rooms: Set<string>; heardAt: number }>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly announceWaitMs: number;
  private readonly resyncMs: number;
  private stopped = false;

  constructor(nsp: Namespace, private readonly adapter: ClusterAdapter, private readonly opts: WatchedRoomsOptions) {
    this.announceWaitMs = opts.announceWaitMs ?? 500;
    this.resyncMs = opts.resyncMs ?? 15_000;
    // Server-side events of other nodes (never a client's): the namespace emits them to its own listeners.
    const listen = nsp.on.bind(nsp) as (event: string, listener: (...args: never[]) => void) => void;
    listen(LIST, (list: RoomList, ack?: (ok: boolean) => void) => { this.apply(list); ack?.(true); });
    listen(HELLO, (list: RoomList, ack?: (mine: RoomList) => void) => { this.apply(list); ack?.(this.list()); });
    this.timer = setInterval(() => void this.resync(), this.resyncMs);
    this.timer.unref();
    void this.hello();
  }

  /** Whether it has heard every node's list (and may skip). */
  knowsEveryNode(): boolean {
    return this.sure;
  }

  /** Whether a broadcast to these rooms may stay unpublished: no other node's socket is in any of them, surely. */
  nobodyElsewhere(rooms: Set<string>): boolean {
    if (!this.sure || rooms.size === 0) return false;
    for (const room of rooms) {
      if (!this.opts.tracked(room)) return false;
      for (const other of this.others.values()) if (other.rooms.has(room)) return false;
    }
    return true;
  }

  /** This node's sockets entered a tracked room they were not in: resolves once every node knows (or after the wait). */
  async joined(): Promise<void> {
    const list = this.next();
    if (!(await this.ask(LIST, list, this.announceWaitMs))) this.opts.log.debug({ version: list.version }, 'rooms announcement unanswered; going on');
  }

  /**
   * The rooms matching `match` that some socket of some node is in, when every node's list is known (else null: ask
   * the nodes). A node that crashed is still counted until it is forgotten.
   */
  roomsAnywhere(match: (room: string) => boolean): Set<string> | null {
    if (!this.sure) return null;
    const rooms = new Set<string>();
    for (const room of this.adapter.rooms.keys()) if (match(room)) rooms.add(room);
    for (const other of this.others.values()) for (const room of other.rooms) if (match(room)) rooms.add(room);
    return rooms;
  }

  /** The last socket here left a listed room, or one entered a reported room: told to every node, without waiting. */
  changed(): void {
    this.emit(LIST, this.next());
  }

  /** The connection to Redis came back: what was published meanwhile is lost, so the lists are heard afresh. */
  reconnected(): void {
    this.sure = false;
    this.connection += 1;
    this.emit(LIST, this.next());
    void this.hello();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private list(): RoomList {
    const rooms: string[] = [];
    for (const room of this.adapter.rooms.keys()) if (this.listed(room)) rooms.push(room);
    return { uid: this.adapter.uid, version: this.version, rooms };
  }

  /** Whether this node tells the others about a room. */
  listed(room: string): boolean {
    return this.opts.tracked(room) || (this.opts.reported?.(room) ?? false);
  }

  private next(): RoomList {
    this.version += 1;
    return this.list();
  }

  private apply(list: RoomList): void {
    if (!list || typeof list.uid !== 'string' || list.uid === this.adapter.uid || !Array.isArray(list.rooms)) return;
    const known = this.others.get(list.uid);
    if (known && known.version > list.version) { known.heardAt = Date.now(); return; }
    this.others.set(list.uid, { version: list.version, rooms: new Set(list.rooms), heardAt: Date.now() });
  }

  /** Asks every node for its list; sure once every one of them has answered. */
  private async hello(): Promise<void> {
    const connection = this.connection;
    const answers = await this.ask(HELLO, this.list(), 5_000);
    for (const list of answers ?? []) this.apply(list as RoomList);
    if (!this.stopped && connection === this.connection) this.sure = answers !== null;
  }

  private async resync(): Promise<void> {
    if (this.stopped) return;
    this.emit(LIST, this.list());
    const forgetBefore = Date.now() - 3 * this.resyncMs;
    for (const [uid, other] of this.others) if (other.heardAt < forgetBefore) this.others.delete(uid);
    // A node that never answered (an older version, one started since) would otherwise go unknown.
    const nodes = await this.adapter.serverCount().catch(() => Infinity);
    if (!this.sure || nodes - 1 > this.others.size) {
      this.sure = false;
      await this.hello();
    }
  }

  private emit(event: string, list: RoomList): void {
    if (this.stopped) return;
    try {
      this.adapter.serverSideEmit([event, list]);
    } catch (err) {
      this.opts.log.debug({ err }, 'rooms announcement not sent');
    }
  }

  /** Every node's answer, or null when one of them did not answer within `ms` (or Redis could not be asked). */
  private ask(event: string, list: RoomList, ms: number): Promise<unknown[] | null> {
    if (this.stopped) return Promise.resolve(null);
    return new Promise((resolve) => {
      // The adapter drops its callback when it cannot count the nodes (Redis down): the wait ends it then.
      const gaveUp = setTimeout(() => resolve(null), ms);
      const answered = (err: Error | null, answers: unknown[]) => { clearTimeout(gaveUp); resolve(err ? null : answers); };
      try {
        this.adapter.serverSideEmit([event, list, answered]);
      } catch (err) {
        this.opts.log.debug({ err }, 'rooms announcement not sent');
        answered(err as Error, []);
      }
    });
  }
}
