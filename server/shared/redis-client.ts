import type { createClient } from 'redis';

/**
 * redis's createClient, with the package loaded on the first call: it takes half a second to load (bench:start),
 * and without REDIS_URL (the embedded mode) nothing calls it.
 */
export const createRedisClient = ((...args: Parameters<typeof createClient>) =>
  (require('redis') as typeof import('redis')).createClient(...args)) as typeof createClient;
