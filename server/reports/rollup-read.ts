import type { EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import { isMysql } from '../db/data-source';
import { monthOf, MONTHLY_DIMS, type Dim, type Kind } from './rollup-keys';
import type { Grain } from './rollup-store';

const HOUR = 3_600_000;

/**
 * A report range as hour buckets, `[start, end)` in hours since 1970 (UTC). A bucket counts in the range when it
 * begins in it: for whole-hour zones that is exact; for :30/:45 zones the range's edges round up to the next hour
 * (rollup-keys.ts), and the drill-down lists use the same instants (`spanInstants`).
 */
export interface HourSpan { start: number; end: number }

export const spanOf = (range: { start: Date; end: Date }): HourSpan => ({ start: Math.ceil(range.start.getTime() / HOUR), end: Math.ceil(range.end.getTime() / HOUR) });
export const spanInstants = (span: HourSpan) => ({ start: new Date(span.start * HOUR), end: new Date(span.end * HOUR) });

export interface RollupSum { value: string; channelId: number; kind: Kind; state: string; n: number; segments: number }

const kindList = (kinds: Kind[]) => kinds.map((k) => `'${k}'`).join(', ');
const COLUMNS = 'value, channel_id, kind, state, n, segments';

type Piece = { grain: Grain; start: number; end: number };

/**
 * The range's whole UTC days from the daily rows and its ragged ends from the hourly rows: a year is ~365 rows per
 * slice instead of ~8,760. On the monthly dimensions (rollup-keys.ts MONTHLY_DIMS) its whole UTC months come from the
 * month rows, and only the days around them from the daily rows: 12 rows per slice. Each branch reads one stretch
 * of the primary key (grain, dim, bucket …).
 */
export function pieces(span: HourSpan, monthly = false): Piece[] {
  const firstDay = Math.ceil(span.start / 24) * 24;
  const lastDay = Math.floor(span.end / 24) * 24;
  if (firstDay >= lastDay) return [{ grain: 'h', start: span.start, end: span.end }];
  const hours: Piece[] = [{ grain: 'h', start: span.start, end: firstDay }, { grain: 'h', start: lastDay, end: span.end }];
  const firstMonth = monthOf(firstDay) === firstDay ? firstDay : monthOf(firstDay + 32 * 24);
  const lastMonth = monthOf(lastDay);
  const days: Piece[] = monthly && firstMonth < lastMonth
    ? [{ grain: 'm', start: firstMonth, end: lastMonth }, { grain: 'd', start: firstDay, end: firstMonth }, { grain: 'd', start: lastMonth, end: lastDay }]
    : [{ grain: 'd', start: firstDay, end: lastDay }];
  return [...days, ...hours].filter((p) => p.start < p.end);
}

/** The counts of `kinds` over the range, summed per slice of `dim` (its value, channel, kind and state). */
export async function sumsBy(em: EntityManager, span: HourSpan, dim: Dim, kinds: Kind[]): Promise<RollupSum[]> {
  if (span.start >= span.end) return [];
  const parts = pieces(span, MONTHLY_DIMS.has(dim));
  const params = parts.flatMap((p) => [p.grain, dim, p.start, p.end]);
  const sums = 'SELECT value, channel_id AS channelId, kind, state, SUM(n) AS n, SUM(segments) AS segments';
  // MariaDB copies a UNION's rows into a temporary table before grouping them (a year's per-agent histograms: 30,000
  // rows), and reads the OR of the stretches as ranges of the key straight away, ~25 % faster; SQLite the other way
  // round (its OR, a MULTI-INDEX OR, was 40 % slower than the UNION's co-routine).
  const rows = await (isMysql(em.connection)
    ? em.query(`${sums} FROM report_rollups WHERE (${parts.map(() => '(grain = ? AND dim = ? AND bucket >= ? AND bucket < ?)').join(' OR ')})
      AND kind IN (${kindList(kinds)}) GROUP BY value, channel_id, kind, state`, params)
    : em.query(`${sums} FROM (${parts.map(() => `SELECT ${COLUMNS} FROM report_rollups WHERE grain = ? AND dim = ? AND bucket >= ? AND bucket < ? AND kind IN (${kindList(kinds)})`).join(' UNION ALL ')}) t
      GROUP BY value, channel_id, kind, state`, params)) as Array<Record<string, unknown>>;
  return rows.map((r) => ({ value: String(r.value), channelId: Number(r.channelId), kind: r.kind as Kind, state: String(r.state), n: Number(r.n), segments: Number(r.segments) }));
}

export interface SeriesSum { at: string | number; channelId: number; kind: Kind; state: string; n: number; segments: number }

/**
 * The totals (`all` slice) per local day ('YYYY-MM-DD') or per local hour of day (0–23) in `timezone`. Hour buckets are
 * shifted by the zone's offset, stretch by stretch of constant offset (a DST change starts a new stretch), and grouped
 * in SQL, so a year comes back as ~365 days × states rather than 8,760 hours.
 */
export async function sumsByLocal(em: EntityManager, span: HourSpan, timezone: string, per: 'day' | 'hour', kinds: Kind[],
  onlyStates: Partial<Record<Kind, string[]>> = {}): Promise<SeriesSum[]> {
  const div = isMysql(em.connection) ? 'DIV' : '/';
  // Kinds whose states are narrowed (`onlyStates`) leave their other states' rows out of the grouping: it sorts every row it keeps.
  const kindsSql = kinds.map((k) => (onlyStates[k] ? `(kind = '${k}' AND state IN (${onlyStates[k]!.map((st) => `'${st}'`).join(', ')}))` : `kind = '${k}'`)).join(' OR ');
  const out: SeriesSum[] = [];
  for (const stretch of offsetStretches(span, timezone)) {
    // Whole minutes, written into the statement: better-sqlite3 binds numbers as REAL, which would turn the division fractional.
    const shifted = `(bucket * 60 + ${Math.trunc(stretch.offsetMinutes)})`;
    const at = per === 'day' ? `${shifted} ${div} 1440` : `(${shifted} % 1440) ${div} 60`;
    const rows = await em.query(`SELECT ${at} AS at, channel_id AS channelId, kind, state, SUM(n) AS n, SUM(segments) AS segments FROM report_rollups
      WHERE grain = 'h' AND dim = 'all' AND bucket >= ? AND bucket < ? AND (${kindsSql}) GROUP BY ${at}, channel_id, kind, state`,
    [stretch.start, stretch.end]) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const n = Number(r.at);
      out.push({
        at: per === 'day' ? new Date(n * 86_400_000).toISOString().slice(0, 10) : n,
        channelId: Number(r.channelId), kind: r.kind as Kind, state: String(r.state), n: Number(r.n), segments: Number(r.segments),
      });
    }
  }
  return out;
}

/** The zone's offset in minutes at the start of hour bucket `hour`. */
function offsetAt(hour: number, timezone: string): number {
  const t = localTime(new Date(hour * HOUR), timezone);
  return (Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - hour * HOUR) / 60_000;
}

/** The span cut where the zone's offset changes: sampled once a day, the hour of a change found by halving. */
export function offsetStretches(span: HourSpan, timezone: string): Array<HourSpan & { offsetMinutes: number }> {
  const stretches: Array<HourSpan & { offsetMinutes: number }> = [];
  let start = span.start;
  let offset = offsetAt(start, timezone);
  for (let probe = start; probe < span.end;) {
    const next = Math.min(probe + 24, span.end - 1);
    if (next <= probe) break;
    const seen = offsetAt(next, timezone);
    if (seen !== offset) {
      let lo = probe;
      let hi = next;   // offset(lo) = offset, offset(hi) ≠ offset
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid, timezone) === offset) lo = mid; else hi = mid;
      }
      stretches.push({ start, end: hi, offsetMinutes: offset });
      start = hi;
      offset = offsetAt(hi, timezone);
    }
    probe = next;
  }
  stretches.push({ start, end: span.end, offsetMinutes: offset });
  return stretches.filter((s) => s.start < s.end);
}

/**
 * The range as hour buckets when the roll-ups count exactly what the rows would (its edges fall on whole UTC hours),
 * else null: the caller reads the rows. A range of local days in a zone with a :30 or :45 offset starts mid-hour.
 */
export function exactSpan(range: { start: Date; end: Date }): HourSpan | null {
  return range.start.getTime() % HOUR === 0 && range.end.getTime() % HOUR === 0 ? spanOf(range) : null;
}

/** exactSpan, when also every hour of it lies in one local day and hour of `timezone` (whole-hour offsets throughout). */
export function exactLocalSpan(range: { start: Date; end: Date }, timezone: string): HourSpan | null {
  const span = exactSpan(range);
  return span && offsetStretches(span, timezone).every((s) => s.offsetMinutes % 60 === 0) ? span : null;
}

/** The per-local-day and per-local-hour-of-day series of some kinds over a range, read once for every reader of a report. */
export interface LocalSeries { span: HourSpan; days: SeriesSum[]; hours: SeriesSum[] }

/**
 * Reads `kinds` per local day and per local hour of day in one scan each (the conversation report's inbound texts and
 * episodes together), or null when the range cannot be read exactly from hour buckets (exactLocalSpan). Per hour of
 * day only episodes `started` are read, the one episode count the report has per hour: grouping a year's other
 * states too took the hour series from 11 to 30 ms on SQLite.
 */
export async function localSeries(em: EntityManager, range: { start: Date; end: Date; timezone: string }, kinds: Kind[]): Promise<LocalSeries | null> {
  const span = exactLocalSpan(range, range.timezone);
  if (!span) return null;
  const [days, hours] = await Promise.all([sumsByLocal(em, span, range.timezone, 'day', kinds), sumsByLocal(em, span, range.timezone, 'hour', kinds, { episode: ['started'] })]);
  return { span, days, hours };
}
