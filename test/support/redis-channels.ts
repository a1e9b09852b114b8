import { createRedisClient } from '../../server/shared/redis-client';

/**
 * The rooms of the Socket.IO broadcasts published to Redis under the adapter's `key` (Huixin's is
 * `${REDIS_KEY_PREFIX}#socket.io`), in the order published: `room#` for a broadcast to one room, '' for the shared
 * channel (several rooms, or everyone), which every node decodes. Answers the list and the way to stop listening.
 */
export async function publishedChannels(redisUrl: string, key: string): Promise<{ channels: string[]; stop(): Promise<unknown> }> {
  const client = createRedisClient({ url: redisUrl });
  await client.connect();
  const channels: string[] = [];
  const prefix = `${key}#/#`;
  await client.pSubscribe(`${prefix}*`, (_message, channel) => { channels.push(channel.slice(prefix.length)); });
  return { channels, stop: () => client.quit() };
}
