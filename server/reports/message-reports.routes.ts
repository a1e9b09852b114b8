import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { badRequest } from '../http/errors';
import { boundedText, limitText, oneOf, oneText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { complianceReport } from './compliance-report';
import { deliveryReport } from './delivery-report';
import { listMessages, parseCursor, type Cursor, type MessageFilters } from './message-list';
import { CARRIER_NAMES } from './number-origin';
import { listOptOuts } from './opt-out-list';
import { buildOverview, type ReportContext } from './overview';
import { sendCsv, streamCsv } from './report-csv';
import { parseReportRange } from './report-range';
import { OUTCOMES, type Outcome } from './rollup-keys';
import { spanOf } from './rollup-read';

const OUTCOME_NAMES = [...new Set(Object.values(OUTCOMES))] as [Outcome, ...Outcome[]];
const CARRIERS = ['abroad', ...Object.keys(CARRIER_NAMES).filter(Boolean)] as [string, ...string[]];

export const format = { format: oneOf(['json', 'csv']).default('json') };
const paging = { cursor: boundedText(40).optional(), limit: limitText(200, 50) };

export const messageQuery = z.object({
  ...format, ...paging,
  status: oneText.refine((s) => s.split(',').every((o) => (OUTCOME_NAMES as string[]).includes(o)), `must be outcomes among ${OUTCOME_NAMES.join(', ')}, comma-separated`)
    .transform((s) => s.split(',') as Outcome[]).optional(),
  direction: oneOf(['in', 'out']).optional(),
  channel: oneText.regex(/^\d{1,10}$/, 'must be a channel id (0: the default channel)').transform(Number).optional(),
  carrier: oneOf(CARRIERS).optional(),
  region: boundedText(10).optional(),
  code: boundedText(80).optional(),
  send: boundedText(80).optional(),
  language: boundedText(10).optional(),
  complaint: oneOf(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const optOutQuery = z.object({
  ...format, ...paging,
  source: oneOf(['sms', 'provider', 'agent', 'api', 'import', 'campaign']).optional(),
  send: boundedText(80).optional(),
});
export const tableQuery = <T extends readonly [string, ...string[]]>(tables: T) => z.object({ ...format, table: oneOf(tables).default(tables[0]) });

export const DELIVERY_TABLES = ['byDay', 'byChannel', 'byCarrier', 'byRegion', 'byLanguage', 'failureReasons', 'refusalReasons', 'latency', 'byHourOfDay'] as const;
export const COMPLIANCE_TABLES = ['byDay', 'bySend', 'alarms'] as const;
const CSV_PAGE = 1000;
const CSV_MAX_ROWS = 100_000;

/**
 * The message reports of issue 17: the overview, delivery and compliance, and the lists behind their figures. Every
 * signed-in agent may read them: delivery and compliance are the clinic's, not anyone's own (the per-agent figures
 * are the conversation reports'). Each answers JSON, or `?format=csv` (a report's `table`, or a whole list).
 */
export function messageReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const timezone = async () => (await deps.rulesets.get()).source.settings.timezone;
  const rangeOf = async (req: Request) => parseReportRange(req.query as Record<string, unknown>, await timezone());
  const context = (req: Request): ReportContext => ({
    em: deps.ds.manager, viewer: { agentId: req.agent!.id, role: req.agent!.role }, defaultProvider: deps.provider.name, now: deps.clock.now(),
  });
  const cursorOf = (text: string | undefined): Cursor | null => {
    if (text === undefined) return null;
    const cursor = parseCursor(text);
    if (!cursor) throw badRequest('invalid_field', 'cursor: not a cursor this list gave', 'cursor');
    return cursor;
  };

  router.get('/reports/overview', signedIn, async (req, res) => {
    const { format: as } = parseQuery(z.object(format), req);
    const overview = await buildOverview(context(req), await rangeOf(req));
    if (as === 'csv') return sendCsv(res, `overview-${overview.range.from}-${overview.range.to}`, overview.series);
    res.json(overview);
  });

  router.get('/reports/delivery', signedIn, async (req, res) => {
    const q = parseQuery(tableQuery(DELIVERY_TABLES), req);
    const report = await deliveryReport(deps.ds.manager, await rangeOf(req), deps.provider.name);
    if (q.format === 'csv') return sendCsv(res, `delivery-${q.table}-${report.range.from}-${report.range.to}`, report[q.table]);
    res.json(report);
  });

  router.get('/reports/compliance', signedIn, async (req, res) => {
    const q = parseQuery(tableQuery(COMPLIANCE_TABLES), req);
    const report = await complianceReport(deps.ds.manager, await rangeOf(req), deps.clock.now());
    if (q.format === 'csv') return sendCsv(res, `compliance-${q.table}-${report.range.from}-${report.range.to}`, report[q.table]);
    res.json(report);
  });

  router.get('/reports/messages', signedIn, async (req, res) => {
    const { format: as, cursor, limit, ...filters } = parseQuery(messageQuery, req);
    const range = await rangeOf(req);
    const span = spanOf(range);
    const list = (page: { cursor: Cursor | null; limit: number }) => listMessages(deps.ds.manager, span, filters as MessageFilters, page);
    if (as === 'csv') return streamCsv(res, `messages-${range.from}-${range.to}`, pagesOf(list, cursorOf(cursor)));
    res.json(await list({ cursor: cursorOf(cursor), limit }));
  });

  router.get('/reports/opt-outs', signedIn, async (req, res) => {
    const { format: as, cursor, limit, ...filters } = parseQuery(optOutQuery, req);
    const range = await rangeOf(req);
    const span = spanOf(range);
    const list = (page: { cursor: Cursor | null; limit: number }) => listOptOuts(deps.ds.manager, span, filters, page);
    if (as === 'csv') return streamCsv(res, `opt-outs-${range.from}-${range.to}`, pagesOf(list, cursorOf(cursor)));
    res.json(await list({ cursor: cursorOf(cursor), limit }));
  });

  return router;
}

/** A list read a page at a time for its CSV, up to CSV_MAX_ROWS rows. */
async function* pagesOf<T>(list: (page: { cursor: Cursor | null; limit: number }) => Promise<{ items: T[]; nextCursor: string | null }>, from: Cursor | null): AsyncGenerator<T[]> {
  let cursor = from;
  for (let rows = 0; rows < CSV_MAX_ROWS;) {
    const page = await list({ cursor, limit: CSV_PAGE });
    yield page.items;
    rows += page.items.length;
    if (!page.nextCursor) return;
    cursor = parseCursor(page.nextCursor);
  }
}
