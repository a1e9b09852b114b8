import { createRedisClient } from '../shared/redis-client';
import type { Logger } from '../shared/logger';

/** The live "reports changed" event goes out at most this often per business, on all nodes together. */
export const REPORTS_EVENT_INTERVAL_MS = 1000;

export interface ReportsNotifier {
  /** The counts changed (after commit): the event goes now, or when the interval allows; never more than one waits. */
  changed(): void;
  close(): Promise<void>;
}

/**
 * Throttles the dashboard's live refetch signal. With REDIS_URL the interval is shared by every node through a key
 * set with NX and a 1 s expiry: the node that sets it emits (the Redis adapter carries it to every dashboard), the
 * others retry when it expires, so a change is always followed by an event within about a second and no second
 * passes with two. Without Redis (or while it is down) each node keeps the interval itself.
 *
 * A change that arrives while an event is already on its way needs no event of its own: the page refetches after
 * that event, which is after this change committed.
 */
export function createReportsNotifier(opts: { redisUrl?: string; keyPrefix: string; log: Logger; emit: () => void; intervalMs?: number }): ReportsNotifier {
  const interval = opts.intervalMs ?? REPORTS_EVENT_INTERVAL_MS;
  const redis = opts.redisUrl ? createRedisClient({ url: opts.redisUrl, disableOfflineQueue: true }) : null;
  redis?.on('error', (err) => opts.log.warn({ err }, 'reports notifier: redis unavailable, throttling on this node alone'));
  redis?.connect().catch(() => undefined);
  const key = `${opts.keyPrefix}:reports-changed`;
  let lastLocal = -Infinity;
  let busy = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  /** 0 when this node may emit now, else how long to wait before asking again. */
  const acquire = async (): Promise<number> => {
    if (redis?.isReady) {
      try {
        if (await redis.set(key, '1', { NX: true, PX: interval }) === 'OK') return 0;
        return Math.max(10, Number(await redis.pTTL(key)) || interval);
      } catch { /* fall back to this node's own interval */ }
    }
    const wait = lastLocal + interval - performance.now();
    return wait > 0 ? wait : 0;
  };

  const attempt = async (): Promise<void> => {
    timer = null;
    const wait = await acquire();
    if (closed) return;
    if (wait > 0) { timer = setTimeout(() => void attempt(), wait); return; }
    lastLocal = performance.now();
    busy = false;
    opts.emit();
  };

  return {
    changed() {
      if (busy || closed) return;
      busy = true;
      void attempt().catch((err) => { busy = false; opts.log.warn({ err }, 'reports notifier failed'); });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (redis?.isReady) await redis.close().catch(() => redis.destroy());
      else if (redis?.isOpen) redis.destroy();
    },
  };
}
