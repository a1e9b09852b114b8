import type { EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import type { ReportRange } from './report-range';
import { localDate, localHourGroups, numberOf, reportQuery } from './report-sql';
import { exactSpan, localSeries, sumsBy, type LocalSeries } from './rollup-read';

/** Customer texts received in a range: the total, per local day (YYYY-MM-DD) and per local hour of day (0–23). */
export interface InboundVolume { total: number; byDay: Map<string, number>; byHour: number[] }

/**
 * Counts customer texts (messages with direction 'in') received in the range: from the message roll-ups (kind `in`,
 * rollup-keys.ts) when the range's local days and hours are whole UTC hours — a year is a few hundred rows instead of
 * 400,000 index entries —, else grouped by the business's local hour in SQL from the messages (the index on direction
 * and created_at answers it without reading rows). Like every roll-up count, a text stays counted when its contact is
 * erased. `series`: the range's local series when the caller has read them already (with kind `in` among them).
 */
export async function inboundVolume(em: EntityManager, range: Pick<ReportRange, 'start' | 'end' | 'timezone'>, series?: LocalSeries | null): Promise<InboundVolume> {
  const local = series === undefined ? await localSeries(em, range, ['in']) : series;
  if (local) {
    const days = local.days.filter((r) => r.kind === 'in');
    const hours = local.hours.filter((r) => r.kind === 'in');
    const volume: InboundVolume = { total: 0, byDay: new Map(), byHour: Array.from({ length: 24 }, () => 0) };
    for (const d of days) { volume.total += d.n; volume.byDay.set(String(d.at), (volume.byDay.get(String(d.at)) ?? 0) + d.n); }
    for (const h of hours) volume.byHour[Number(h.at)]! += h.n;
    return volume;
  }
  const hour = localHourGroups(em, 'created_at', range.timezone, range.start);
  const rows = await reportQuery<{ bucket: string; n: unknown }>(em, `SELECT ${hour.sql} AS bucket, COUNT(*) AS n FROM messages
    WHERE direction = 'in' AND created_at >= :start AND created_at < :end GROUP BY ${hour.sql}`, { start: range.start, end: range.end });
  const volume: InboundVolume = { total: 0, byDay: new Map(), byHour: Array.from({ length: 24 }, () => 0) };
  for (const row of rows) {
    const n = numberOf(row.n);
    const local = localTime(hour.start(row.bucket), range.timezone);
    const day = localDate(local);
    volume.total += n;
    volume.byDay.set(day, (volume.byDay.get(day) ?? 0) + n);
    volume.byHour[local.hour]! += n;
  }
  return volume;
}

/** Customer texts received in [start, end): from the roll-ups when the edges are whole UTC hours, else counted along the index. */
export async function inboundCount(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>): Promise<number> {
  const span = exactSpan(range);
  if (span) return (await sumsBy(em, span, 'all', ['in'])).reduce((n, r) => n + r.n, 0);
  const [row] = await reportQuery<{ n: unknown }>(em, `SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND created_at >= :start AND created_at < :end`,
    { start: range.start, end: range.end });
  return numberOf(row?.n);
}
