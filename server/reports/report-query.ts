import type { Request } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { oneOf, oneText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { parseReportRange, type ReportRange } from './report-range';

/** The business's time zone (bot settings): every report's days are the clinic's days. */
export async function businessTimezone(deps: Pick<AppDeps, 'rulesets'>): Promise<string> {
  return (await deps.rulesets.get()).source.settings.timezone;
}

/** `?from=&to=` in the business's time zone (400 naming the field otherwise). */
export async function rangeOf(req: Request, deps: Pick<AppDeps, 'rulesets'>): Promise<ReportRange> {
  return parseReportRange(req.query as Record<string, unknown>, await businessTimezone(deps));
}

/** `?format=csv&table=<one of the report's tables>`: the table as a CSV download instead of the JSON. */
export const formatQuery = <const T extends readonly [string, ...string[]]>(tables: T) => z.object({
  format: oneOf(['json', 'csv'] as const).default('json'),
  table: oneOf(tables).default(tables[0]),
});

/** A drill-down page: `offset` (digits, from 0) and `limit` (1–500, 50 by default); `format=csv` exports every row. */
export const pageQuery = z.object({
  format: oneOf(['json', 'csv'] as const).default('json'),
  offset: oneText.regex(/^\d{1,7}$/, 'must be a whole number from 0').transform(Number).default(0),
  limit: oneText.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 500').transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(500, 'must be at most 500')).default(50),
});

export const parsePage = (req: Request) => parseQuery(pageQuery, req);

/** The file name of a report's CSV: `appointments-lead_time-2026-11-01-2026-11-30`. */
export const csvName = (report: string, table: string, range: Pick<ReportRange, 'from' | 'to'>) => `${report}-${table}-${range.from}-${range.to}`;

/** The range as every report answers it: its local dates, the zone they are in, and the period it is compared with. */
export const rangeView = (range: ReportRange) =>
  ({ from: range.from, to: range.to, timezone: range.timezone, previous: { from: range.previous.from, to: range.previous.to } });
