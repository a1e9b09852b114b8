import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { boundedText, oneOf } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { csatCounted, csatFigures } from './csat-counts';
import { csatOfCounts, lowSurveysIn, surveysIn, type Survey } from './csat-figures';
import { byLanguage, CSAT_DEFINITIONS, CSAT_TABLES, csatTable, csatTrend, lowScores, responsesBehind } from './csat-report';
import { contactCells, sendRows } from './drill-down';
import { defaultInterval } from './local-periods';
import { sendCsvTable } from './report-csv';
import { csvName, formatQuery, parsePage, rangeOf, rangeView } from './report-query';

/** Low scores the section lists itself; the drill-down (`figure=low`) pages through all of them. */
const LOW_SCORES_SHOWN = 20;

export const csatQuery = formatQuery(CSAT_TABLES).extend({ interval: oneOf(['day', 'week'] as const).optional() });
export const drillQuery = z.object({
  figure: oneOf(['surveys', 'responses', 'satisfied', 'low'] as const),
  score: oneOf(['1', '2', '3', '4', '5'] as const).transform(Number).optional(),
  language: boundedText(10).optional(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const surveyItem = (s: Survey) => ({
  appointmentId: s.appointmentId, service: s.service, language: s.language, surveyAt: iso(s.at), score: s.score, ratedAt: iso(s.ratedAt),
});
const SURVEY_COLUMNS = ['appointmentId', 'service', 'language', 'surveyAt', 'score', 'ratedAt', 'contactId', 'contactName', 'phone', 'conversationId'] as const;

/**
 * `GET /api/reports/csat`: satisfaction surveys, their scores and trend, the low scores with their threads;
 * `/csat/items` the surveys behind a figure. Any signed-in agent: scores are per visit, not per agent, and agents
 * are the ones who answer the low scores.
 */
export function csatReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const { ds } = deps;
  router.use('/reports/csat', requireRole(deps.sessions));

  router.get('/reports/csat', async (req, res) => {
    const range = await rangeOf(req, deps);
    const q = parseQuery(csatQuery, req);
    const interval = q.interval ?? defaultInterval(range);
    const counted = await csatCounted(ds.manager, range);
    const figures = csatOfCounts(counted.total);
    const trend = csatTrend(counted, range, interval);
    const languages = byLanguage(counted);
    if (q.format === 'csv') {
      const t = csatTable(figures, trend, languages, q.table);
      return sendCsvTable(res, csvName('csat', q.table, range), t.columns, t.rows);
    }
    const [low, previous] = await Promise.all([
      lowSurveysIn(ds.manager, range).then((surveys) => lowScores(surveys).slice(0, LOW_SCORES_SHOWN)), csatFigures(ds.manager, range.previous),
    ]);
    const contacts = await contactCells(ds.manager, low.map((s) => s.contactId));
    res.json({
      range: rangeView(range),
      ...figures, trend: { interval, points: trend }, byLanguage: languages,
      lowScores: low.map((s) => ({ ...surveyItem(s), ...contacts.get(s.contactId) })),
      previous,
      definitions: CSAT_DEFINITIONS,
    });
  });

  router.get('/reports/csat/items', async (req, res) => {
    const range = await rangeOf(req, deps);
    const q = parseQuery(drillQuery, req);
    const surveys = responsesBehind(await surveysIn(ds.manager, range), q);
    await sendRows(res, ds.manager, q.figure === 'low' ? lowScores(surveys) : surveys, parsePage(req), {
      name: csvName('csat', q.figure, range), columns: SURVEY_COLUMNS, item: surveyItem,
    });
  });
  return router;
}
