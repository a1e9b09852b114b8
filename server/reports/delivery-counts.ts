import { costMicros, type PricedChannel } from './channel-prices';
import type { RollupSum } from './rollup-read';
import { groupBy } from './group-by';

/**
 * The delivery figures of some outbound counts (kind `out`), as message-definitions.ts defines them:
 * - `sent`: handed to a provider (sent awaiting a receipt + delivered + undelivered + failed);
 * - `failed`: failed + undelivered (`undelivered`, the carrier's share, is also given alone);
 * - `deliveryRate`: delivered ÷ (delivered + failed), null with nothing to divide by;
 * - `pending` (queued, held, sending) and `refused` (never sent by policy) apart;
 * - `segments`: billed parts; `cost`: parts × each channel's price, in the business's currency.
 */
export interface DeliveryCounts {
  sent: number; delivered: number; failed: number; undelivered: number; awaitingReceipt: number; pending: number; refused: number;
  deliveryRate: number | null; segments: number; cost: number;
}

/** A fraction 0–1, or null when there is nothing to divide by (never NaN). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

type Counted = Pick<RollupSum, 'kind' | 'state' | 'n' | 'segments' | 'channelId'>;

export function deliveryCounts(sums: Counted[], channels: Map<number, PricedChannel>): DeliveryCounts {
  const by: Record<string, number> = {};
  let segments = 0;
  let micros = 0;
  for (const s of sums) {
    if (s.kind !== 'out') continue;
    by[s.state] = (by[s.state] ?? 0) + s.n;
    segments += s.segments;
    micros += costMicros(channels, s.channelId, s.segments);
  }
  const n = (state: string) => by[state] ?? 0;
  const failed = n('failed') + n('undelivered');
  return {
    sent: n('sent') + n('delivered') + failed, delivered: n('delivered'), failed, undelivered: n('undelivered'),
    awaitingReceipt: n('sent'), pending: n('pending'), refused: n('refused'),
    deliveryRate: rate(n('delivered'), n('delivered') + failed), segments, cost: micros / 1_000_000,
  };
}

/** Sums grouped by a key (a slice's value, a day, a channel) and turned into delivery counts, in first-seen order. */
export function countsPer<K>(sums: Array<Counted & { key: K }>, channels: Map<number, PricedChannel>): Map<K, DeliveryCounts> {
  return new Map([...groupBy(sums, (s) => s.key)].map(([k, list]) => [k, deliveryCounts(list, channels)]));
}
