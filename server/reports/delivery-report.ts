import type { EntityManager } from 'typeorm';
import { reasonFor } from '../channels/receipt-reasons';
import { pricedChannels, type PricedChannel } from './channel-prices';
import { countsPer, deliveryCounts, type DeliveryCounts } from './delivery-counts';
import { DELIVERY_RATE_LINE, definitionsOf, type Definitions } from './message-definitions';
import { CARRIER_NAMES, type Carrier } from './number-origin';
import type { ReportRange } from './report-range';
import { LATENCY_BOUNDS } from './rollup-keys';
import { spanOf, sumsBy, sumsByLocal, type RollupSum } from './rollup-read';
import { localDates } from './local-dates';
import { groupBy } from './group-by';

export interface SliceRow extends DeliveryCounts { key: string }
export interface DeliveryReport {
  range: { from: string; to: string; timezone: string };
  totals: DeliveryCounts & { received: number; healthy: boolean | null };
  previous: DeliveryCounts & { received: number };
  line: { deliveryRate: number };
  byChannel: Array<DeliveryCounts & { channelId: number; name: string | null; provider: string; pricePerSegment: number }>;
  byCarrier: Array<SliceRow & { name: { zh: string; en: string } }>;
  byRegion: SliceRow[];
  byLanguage: SliceRow[];
  failureReasons: FailureReason[];
  refusalReasons: FailureReason[];
  latency: Array<{ provider: string; receipts: number; medianSeconds: number | null; p90Seconds: number | null }>;
  byHourOfDay: Array<{ hour: number; sent: number; delivered: number; failed: number; received: number }>;
  byDay: Array<DeliveryCounts & { date: string; received: number }>;
  definitions: Definitions;
}
export interface FailureReason { provider: string; code: string; count: number; reason: { zh: string; en: string } | null }

const TOP_REASONS = 10;
const received = (sums: Array<Pick<RollupSum, 'kind' | 'n'>>) => sums.filter((s) => s.kind === 'in').reduce((n, s) => n + s.n, 0);

/** Totals of a range (and, for the comparison, of any range): the `all` slice, whole days plus edge hours. */
export async function deliveryTotals(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>, channels: Map<number, PricedChannel>) {
  const sums = await sumsBy(em, spanOf(range), 'all', ['in', 'out']);
  return { ...deliveryCounts(sums, channels), received: received(sums) };
}

/**
 * Delivery over a range of local days: totals against the 98% line and the previous period, by channel (with its
 * price and cost), by carrier, region and language, the top failure reasons with their words, receipt latency per
 * provider, by hour of day and by day. Every figure reads the roll-ups (rollup-read.ts), never the messages.
 */
export async function deliveryReport(em: EntityManager, range: ReportRange, defaultProvider: string): Promise<DeliveryReport> {
  const channels = await pricedChannels(em, defaultProvider);
  const span = spanOf(range);
  const [all, previous, carriers, regions, languages, codes, latency, hours, days] = await Promise.all([
    sumsBy(em, span, 'all', ['in', 'out']), deliveryTotals(em, range.previous, channels),
    sumsBy(em, span, 'carrier', ['out']), sumsBy(em, span, 'region', ['out']), sumsBy(em, span, 'language', ['out']),
    sumsBy(em, span, 'code', ['out']), sumsBy(em, span, 'latency', ['receipt']),
    sumsByLocal(em, span, range.timezone, 'hour', ['in', 'out']), sumsByLocal(em, span, range.timezone, 'day', ['in', 'out']),
  ]);
  const totals = deliveryCounts(all, channels);
  const perHour = groupBy(hours, (h) => h.at);
  const perDay = groupBy(days, (d) => d.at);
  const slices = (sums: RollupSum[]) => [...countsPer(sums.map((s) => ({ ...s, key: s.value })), channels)]
    .map(([key, counts]) => ({ key, ...counts })).sort((a, b) => b.sent - a.sent || a.key.localeCompare(b.key));
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    totals: { ...totals, received: received(all), healthy: totals.deliveryRate === null ? null : totals.deliveryRate >= DELIVERY_RATE_LINE },
    previous,
    line: { deliveryRate: DELIVERY_RATE_LINE },
    byChannel: [...countsPer(all.map((s) => ({ ...s, key: s.channelId })), channels)].map(([channelId, counts]) => {
      const channel = channels.get(channelId) ?? { id: channelId, name: null, provider: all.find((s) => s.channelId === channelId)?.value ?? '', priceMicros: channels.get(0)!.priceMicros };
      return { channelId, name: channel.name, provider: channel.provider, pricePerSegment: channel.priceMicros / 1_000_000, ...counts };
    }).filter((c) => c.sent + c.pending + c.refused > 0).sort((a, b) => a.channelId - b.channelId),
    byCarrier: slices(carriers).map((row) => ({ ...row, name: CARRIER_NAMES[row.key as Carrier | ''] ?? { zh: row.key, en: row.key } })),
    byRegion: slices(regions),
    byLanguage: slices(languages),
    failureReasons: reasons(codes, ['failed', 'undelivered']),
    refusalReasons: reasons(codes, ['refused']),
    latency: latencies(latency),
    byHourOfDay: Array.from({ length: 24 }, (_, hour) => {
      const ofHour = perHour.get(hour) ?? [];
      const c = deliveryCounts(ofHour, channels);
      return { hour, sent: c.sent, delivered: c.delivered, failed: c.failed, received: received(ofHour) };
    }),
    byDay: localDates(range).map((date) => {
      const ofDay = perDay.get(date) ?? [];
      return { date, ...deliveryCounts(ofDay, channels), received: received(ofDay) };
    }),
    definitions: definitionsOf('range', 'sent', 'delivered', 'failed', 'awaitingReceipt', 'pending', 'refused', 'deliveryRate', 'segments', 'cost', 'latency', 'carrier', 'failureReasons'),
  };
}

/** Error codes of texts in `states`, most first, with the provider's words for them. */
function reasons(codes: RollupSum[], states: string[]): FailureReason[] {
  const counts = new Map<string, number>();
  for (const c of codes) if (states.includes(c.state)) counts.set(c.value, (counts.get(c.value) ?? 0) + c.n);
  return [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_REASONS).map(([value, count]) => {
    const at = value.indexOf(':');
    const provider = value.slice(0, at);
    const code = value.slice(at + 1);
    return { provider, code, count, reason: reasonFor(provider, code) };
  });
}

const ORDER = [...LATENCY_BOUNDS.map(String), 'inf'];

/**
 * The nearest-rank percentile of bucketed latencies, as the bucket's upper bound in seconds (null: beyond a day).
 * @example percentileBound(new Map([['5', 1], ['30', 1]]), 0.5) // → 5
 */
export function percentileBound(buckets: Map<string, number>, p: number): number | null {
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const bucket of ORDER) {
    seen += buckets.get(bucket) ?? 0;
    if (seen >= rank) return bucket === 'inf' ? null : Number(bucket);
  }
  return null;
}

function latencies(rows: RollupSum[]) {
  const byProvider = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let buckets = byProvider.get(r.value);
    if (!buckets) byProvider.set(r.value, buckets = new Map());
    buckets.set(r.state, (buckets.get(r.state) ?? 0) + r.n);
  }
  return [...byProvider].map(([provider, buckets]) => ({
    provider, receipts: [...buckets.values()].reduce((a, b) => a + b, 0),
    medianSeconds: percentileBound(buckets, 0.5), p90Seconds: percentileBound(buckets, 0.9),
  })).filter((l) => l.receipts > 0).sort((a, b) => a.provider.localeCompare(b.provider));
}
