import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { boundedText, oneOf } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { CHANGE_KINDS } from './appointment-rows';
import { fromMicros, pricedChannels } from './channel-prices';
import { wasConfirmed } from './appointment-figures';
import {
  APPOINTMENT_DEFINITIONS, APPOINTMENT_TABLES, appointmentFiguresIn, appointmentRows, appointmentTable, changesBehind, headline, remindersBehind, visitsBehind,
} from './appointment-report';
import { sendRows, type Page } from './drill-down';
import { byOf, LEAD_TIMES, type LeadTime } from './reminder-outcomes';
import { sendCsvTable } from './report-csv';
import { csvName, formatQuery, parsePage, rangeOf, rangeView } from './report-query';

export const drillQuery = z.object({
  figure: oneOf(['reminders', 'reminders_not_sent', 'changes', 'visits'] as const),
  outcome: oneOf(['confirmed', 'rescheduled', 'cancelled', 'none'] as const).optional(),
  by: oneOf(['text', 'staff'] as const).optional(),
  leadTime: oneOf(LEAD_TIMES.map((b) => b.leadTime) as [LeadTime, ...LeadTime[]]).optional(),
  language: boundedText(10).optional(),
  kind: oneOf(CHANGE_KINDS).optional(),
  confirmed: oneOf(['yes', 'no'] as const).optional(),
  noShow: oneOf(['yes', 'no'] as const).optional(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * `GET /api/reports/appointments`: reminders and what came of them, changes by text vs by staff, no-shows of confirmed
 * and unconfirmed visits; `/appointments/items` the appointments behind any of those figures. Any signed-in agent:
 * the clinic's diary is everyone's to see (the calendar shows it to agents too), and nothing here is per agent.
 */
export function appointmentReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const { ds } = deps;
  router.use('/reports/appointments', requireRole(deps.sessions));

  router.get('/reports/appointments', async (req, res) => {
    const range = await rangeOf(req, deps);
    const { format, table } = parseQuery(formatQuery(APPOINTMENT_TABLES), req);
    if (format === 'csv') {
      const t = appointmentTable(await appointmentFiguresIn(ds.manager, range, await pricedChannels(ds.manager)), table);
      return sendCsvTable(res, csvName('appointments', table, range), t.columns, t.rows);
    }
    const channels = await pricedChannels(ds.manager);
    const [figures, before] = await Promise.all([appointmentFiguresIn(ds.manager, range, channels), appointmentFiguresIn(ds.manager, range.previous, channels)]);
    res.json({
      range: rangeView(range),
      ...figures, previous: headline(before), definitions: APPOINTMENT_DEFINITIONS,
    });
  });

  router.get('/reports/appointments/items', async (req, res) => {
    const range = await rangeOf(req, deps);
    const q = parseQuery(drillQuery, req);
    const page: Page = parsePage(req);
    const rows = await appointmentRows(ds.manager, range, q.figure === 'changes' || q.figure === 'visits' ? q.figure : 'reminders');
    const name = csvName('appointments', q.figure, range);
    if (q.figure === 'changes') {
      return sendRows(res, ds.manager, changesBehind(rows, q), page, {
        name, columns: ['appointmentId', 'service', 'language', 'kind', 'by', 'at', 'contactId', 'contactName', 'phone', 'conversationId'],
        item: (c) => ({ appointmentId: c.appointmentId, service: c.service, language: c.language, kind: c.kind, by: byOf(c.actor), at: iso(c.at) }),
      });
    }
    if (q.figure === 'visits') {
      return sendRows(res, ds.manager, visitsBehind(rows, q), page, {
        name, columns: ['appointmentId', 'service', 'language', 'startsAt', 'status', 'confirmed', 'contactId', 'contactName', 'phone', 'conversationId'],
        item: (v) => ({ appointmentId: v.appointmentId, service: v.service, language: v.language, startsAt: iso(v.startsAt), status: v.status, confirmed: wasConfirmed(v) }),
      });
    }
    return sendRows(res, ds.manager, remindersBehind(rows, q), page, {
      name, columns: ['appointmentId', 'service', 'language', 'remindedAt', 'visitAt', 'leadTime', 'textStatus', 'parts', 'cost', 'outcome', 'outcomeBy', 'outcomeAt',
        'contactId', 'contactName', 'phone', 'conversationId'],
      item: (r) => ({
        appointmentId: r.appointmentId, service: r.service, language: r.language, remindedAt: iso(r.at), visitAt: iso(r.visitAt), leadTime: r.leadTime,
        textStatus: r.text?.status ?? null, parts: r.parts, cost: fromMicros(r.costMicros), outcome: r.outcome, outcomeBy: r.outcomeBy, outcomeAt: iso(r.outcomeAt),
      }),
    });
  });
  return router;
}
