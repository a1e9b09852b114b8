import { createRedisClient } from '../shared/redis-client';
import type { DataSource } from 'typeorm';
import { ChannelPace } from '../db/entities';
import { isMysql } from '../db/data-source';
import { isUniqueViolation } from '../db/transaction';
import type { Logger } from '../shared/logger';
import { PacerGates } from './pacer-gates';

/**
 * Keeps each channel under its messages per second, on every node together. Each send reserves the channel's next
 * slot: slots are `1000 / rate` ms apart on one shared timeline, so a sender that wakes late never catches up with a
 * burst and the timeline never drifts by the time a node takes to ask. A batch of n messages reserves n slots and
 * goes at the first, so no second carries more than the rate either way. A provider's throttling answer pushes the
 * timeline out (backOff).
 *
 * Slots are spaced for HEADROOM of the rate: a send reaches the provider a few ms after its slot (timers, the event
 * loop, the network), and 2% of a second absorbs 20 ms of such bunching inside any one-second window.
 *
 * With REDIS_URL the timeline lives in Redis, timed by Redis's own clock, so every node shares one limit. Without it,
 * on MariaDB, in the channel_pace table (a compare-and-set UPDATE, timed by the nodes' clocks, which must agree to a
 * few ms); on SQLite, a single node, in this process. While Redis is unreachable each node paces itself alone rather
 * than stop sending. Within a node, each channel has at most two reservations outstanding (pacer-gates.ts), so a node
 * never books a slow channel's future away from the others.
 */
export interface ChannelPacer {
  /** Resolves when this channel may send `count` messages (one provider call), charging one slot for each. */
  wait(key: string, ratePerSecond: number, count?: number): Promise<void>;
  backOff(key: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

export const HEADROOM = 0.98;
const intervalMs = (ratePerSecond: number) => 1000 / (ratePerSecond * HEADROOM);

/** Books `count` slots from the channel's timeline; answers when the first of them is, in this process's performance.now(). */
type Reserve = (key: string, intervalMs: number, count: number) => Promise<number>;

// Returns "slot now" in Redis's clock (TIME, fractional ms), so nodes' clocks do not matter; as text because Redis would
// truncate a Lua number, and %.3f because tostring() would print a 13-digit epoch in e-notation.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local after = slot + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 60000)
return string.format('%.3f %.3f', slot, now)`;
const BACK_OFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local nxt = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.3f', nxt), 'PX', math.ceil(nxt - now) + 60000)
return 0`;

class MemoryTimeline {
  private readonly next = new Map<string, number>();

  reserve(key: string, interval: number, count: number): number {
    const now = performance.now();
    const slot = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, slot + interval * count);
    return slot;
  }

  backOff(key: string, ms: number): void {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, performance.now() + ms));
  }
}

/**
 * The timeline as a compare-and-set on the channel's row: atomic on MariaDB and SQLite alike. In microseconds, under
 * a key of its own (`…/us`): the column once held whole ms, and a 5.1 ms interval rounded to ms would be 6.
 */
class DatabaseTimeline {
  constructor(private readonly ds: DataSource) {}

  async reserve(channel: string, interval: number, count: number): Promise<number> {
    const key = `${channel}/us`;
    for (;;) {
      const row = await this.ds.manager.findOneBy(ChannelPace, { channelKey: key });
      if (!row) { await this.create(key); continue; }
      const now = Math.round(Date.now() * 1000);
      const slot = Math.max(now, row.nextAtMs);
      const result = await this.ds.createQueryBuilder().update(ChannelPace).set({ nextAtMs: Math.ceil(slot + interval * 1000 * count) })
        .where('channel_key = :key AND next_at_ms = :seen', { key, seen: row.nextAtMs }).execute();
      if (result.affected === 1) return performance.now() + (slot - Math.round(Date.now() * 1000)) / 1000;
    }
  }

  async backOff(channel: string, ms: number): Promise<void> {
    const until = Math.round((Date.now() + ms) * 1000);
    await this.ds.createQueryBuilder().update(ChannelPace).set({ nextAtMs: until })
      .where('channel_key = :key AND next_at_ms < :until', { key: `${channel}/us`, until }).execute();
  }

  private async create(key: string): Promise<void> {
    try {
      await this.ds.manager.insert(ChannelPace, { channelKey: key, nextAtMs: 0 });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;   // another node made it first
    }
  }
}

/**
 * A send that wakes more than LATE_MS after its slot (the event loop stalled: a GC pause, a synchronous SQLite write)
 * would crowd the slots after it, so it gives the slot up and books another: sends then lag their slots by at most
 * LATE_MS, inside the 20 ms that HEADROOM leaves. After MAX_SKIPS in a row (a loop busy for good) it sends anyway.
 */
const LATE_MS = 12;
const MAX_SKIPS = 3;

/**
 * Redis's clock in this process's terms. Redis read its clock somewhere between our asking and its answer; the
 * quickest round trip of the last few seconds pins that down best (a reply that waited in a busy event loop would
 * make every slot look later than it is, and late sends crowd the ones after them).
 */
class RedisClockOffset {
  private best = { roundTrip: Infinity, offset: 0, at: 0 };

  offset(asked: number, answered: number, redisNow: number): number {
    const roundTrip = answered - asked;
    if (roundTrip <= this.best.roundTrip || answered - this.best.at > 5000) {
      this.best = { roundTrip, offset: (asked + answered) / 2 - redisNow, at: answered };
    }
    return this.best.offset;
  }
}

function pacerOver(reserve: Reserve, backOff: ChannelPacer['backOff'], close: ChannelPacer['close']): ChannelPacer {
  const gates = new PacerGates();
  const inTurn = bookingInTurn(reserve);
  return {
    wait: (key, rate, count = 1) => gates.through(key, async () => {
      for (let skips = 0; ; skips++) {
        const slot = await inTurn(key, intervalMs(rate), count);
        const ms = slot - performance.now();
        if (ms >= 1) await new Promise((resolve) => setTimeout(resolve, ms));
        const late = performance.now() - slot;
        if (late <= LATE_MS || skips >= MAX_SKIPS) return;
      }
    }),
    backOff, close,
  };
}

/**
 * A process's bookings on one timeline are made one after another, in the order its sends asked: two booked at once
 * (the gate lets two through) raced to the database or Redis, and a reply claimed ahead of campaign texts could get the
 * later slot — behind as many campaign texts as the sender sends at once, at the channel's rate (outbox-batches).
 */
function bookingInTurn(reserve: Reserve): Reserve {
  const last = new Map<string, Promise<unknown>>();
  return (key, interval, count) => {
    const booked = (last.get(key) ?? Promise.resolve()).then(() => reserve(key, interval, count));
    const settled = booked.catch(() => undefined);
    last.set(key, settled);
    void settled.then(() => { if (last.get(key) === settled) last.delete(key); });
    return booked;
  };
}

export function createChannelPacer(opts: { redisUrl?: string; keyPrefix: string; log: Logger; ds: DataSource }): ChannelPacer {
  const memory = new MemoryTimeline();
  const closeNothing = async () => undefined;
  if (!opts.redisUrl) {
    if (!isMysql(opts.ds)) {
      return pacerOver(async (k, i, n) => memory.reserve(k, i, n), async (k, ms) => memory.backOff(k, ms), closeNothing);
    }
    const db = new DatabaseTimeline(opts.ds);
    return pacerOver((k, i, n) => db.reserve(k, i, n), (k, ms) => db.backOff(k, ms), closeNothing);
  }
  const redis = createRedisClient({ url: opts.redisUrl, disableOfflineQueue: true });
  redis.on('error', (err) => opts.log.warn({ err }, 'channel pacer: redis unavailable, pacing on this node alone'));
  redis.connect().catch(() => undefined);
  const keyOf = (key: string) => `${opts.keyPrefix}:channel-pace:${key}`;
  const clock = new RedisClockOffset();
  const reserve: Reserve = async (key, interval, count) => {
    if (!redis.isReady) return memory.reserve(key, interval, count);
    try {
      const asked = performance.now();
      const [slot, now] = String(await redis.eval(RESERVE, { keys: [keyOf(key)], arguments: [String(interval), String(count)] })).split(' ').map(Number);
      return slot + clock.offset(asked, performance.now(), now);
    } catch {
      return memory.reserve(key, interval, count);
    }
  };
  return pacerOver(reserve, async (key, ms) => {
    memory.backOff(key, ms);
    if (redis.isReady) await redis.eval(BACK_OFF, { keys: [keyOf(key)], arguments: [String(ms)] }).catch(() => undefined);
  }, async () => {
    if (redis.isReady) await redis.close().catch(() => redis.destroy());
    else if (redis.isOpen) redis.destroy();
  });
}
