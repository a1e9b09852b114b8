import type { EntityManager } from 'typeorm';
import { campaignPolicy } from '../campaigns/campaign-policy';
import { Channel } from '../db/entities';

/** A channel as the reports name and price it; id 0 is the environment's default channel. */
export interface PricedChannel { id: number; name: string | null; provider: string; priceMicros: number }

export const toMicros = (price: number) => Math.round(price * 1_000_000);

/**
 * Every channel with its price per billed part: its own (`channels.price_micros`, set in the channel admin) or the
 * campaign policy's `pricePerSegment`, which the campaign preview already quotes. Channels switched off are kept:
 * their texts are still in the range. `defaultProvider` only names the default channel (the reports that price but do
 * not list channels leave it out).
 */
export async function pricedChannels(em: EntityManager, defaultProvider = ''): Promise<Map<number, PricedChannel>> {
  const fallback = toMicros((await campaignPolicy(em)).pricePerSegment);
  const rows = await em.find(Channel, { select: { id: true, name: true, provider: true, priceMicros: true }, order: { id: 'ASC' } });
  const priced: PricedChannel[] = [
    { id: 0, name: null, provider: defaultProvider, priceMicros: fallback },
    ...rows.map((c) => ({ id: c.id, name: c.name, provider: c.provider, priceMicros: c.priceMicros ?? fallback })),
  ];
  return new Map(priced.map((c) => [c.id, c]));
}

/**
 * What `segments` billed parts on channel `channelId` cost, in millionths: null is the environment's default channel
 * (messages.channel_id null), a channel since deleted costs the fallback price.
 */
export const costMicros = (channels: Map<number, PricedChannel>, channelId: number | null, segments: number) =>
  segments * (channels.get(channelId ?? 0) ?? channels.get(0)!).priceMicros;

/** Millionths back to the currency, exactly as many as there are (a sum of float costs would read 0.22499999999999998). */
export const fromMicros = (micros: number) => micros / 1_000_000;
