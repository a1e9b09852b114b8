import { createRedisClient } from '../shared/redis-client';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../shared/logger';

/**
 * Failed logins allowed per window: 5 for one account (then even the right password waits, so guessing gains
 * nothing), 50 from one address (an office of agents mistyping is far below it; a script trying many accounts is not).
 */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 50, windowSeconds: 15 * 60 } as const;

export interface LoginBrake {
  /**
   * Counts this attempt as a failure before the password is checked, so parallel guesses cannot all slip under the
   * limit; `succeeded` takes it back. Returns the seconds to wait, or 0 when the attempt may go ahead.
   */
  attempt(account: string, address: string): Promise<number>;
  /** A right password clears the account's failures and returns the address's point. */
  succeeded(account: string, address: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * With REDIS_URL the counters live in Redis under REDIS_KEY_PREFIX, so every node enforces one limit; otherwise (or
 * while Redis is unreachable) in this process's memory, so logins never wait for a Redis outage.
 */
export function createLoginBrake(opts: { redisUrl?: string; keyPrefix: string; log: Logger }): LoginBrake {
  const redis = opts.redisUrl ? createRedisClient({ url: opts.redisUrl, disableOfflineQueue: true }) : null;
  if (redis) {
    redis.on('error', (err) => opts.log.warn({ err }, 'login brake: redis unavailable, counting in memory'));
    redis.connect().catch(() => undefined);   // the error event above has said why; reconnecting carries on
  }
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const keyPrefix = `${opts.keyPrefix}:login-failures:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: LOGIN_LIMITS.windowSeconds });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true, insuranceLimiter: memory,
      keyPrefix, points, duration: LOGIN_LIMITS.windowSeconds,
    });
  };
  const byAccount = limiter('account', LOGIN_LIMITS.perAccount);
  const byAddress = limiter('address', LOGIN_LIMITS.perAddress);

  return {
    async attempt(account, address) {
      const [a, b] = await Promise.all([consume(byAccount, account), consume(byAddress, address)]);
      return Math.max(a, b);
    },
    async succeeded(account, address) {
      await Promise.all([byAccount.delete(account), byAddress.reward(address, 1)]);
    },
    async close() {
      if (!redis) return;
      // A client still reconnecting to a Redis that is down would keep the process alive: drop it outright.
      if (redis.isReady) await redis.close().catch(() => redis.destroy());
      else if (redis.isOpen) redis.destroy();
    },
  };
}

/** Seconds to wait when `key` is over its limit, else 0. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
