import type { EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import type { ReportRange } from './report-range';
import { localDate, localHourGroups, numberOf, reportQuery } from './report-sql';

/** Customer texts received in a range: the total, per local day (YYYY-MM-DD) and per local hour of day (0–23). */
export interface InboundVolume { total: number; byDay: Map<string, number>; byHour: number[] }

/**
 * Counts customer texts (messages with direction 'in') received in the range, grouped by the business's local hour in
 * SQL (the index on direction and created_at answers it without reading rows). The messages themselves are the truth
 * here; a roll-up of messages per hour, when there is one, can answer the same in its place.
 */
export async function inboundVolume(em: EntityManager, range: Pick<ReportRange, 'start' | 'end' | 'timezone'>): Promise<InboundVolume> {
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
