import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import { VARIANT_KEYS } from '../campaigns/campaign-contract';
import type { AppDeps } from '../deps';
import { boundedText, idText, oneOf } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { campaignFigures, campaignTotals } from './campaign-figures';
import { pricedChannels } from './channel-prices';
import { CAMPAIGN_DEFINITIONS, CAMPAIGN_TABLES, campaignTable } from './campaign-report';
import { CAMPAIGN_DRILL_FIGURES, campaignTexts, type CampaignTextRow } from './campaign-texts';
import { CSV_ROWS, sendPage } from './drill-down';
import { sendCsvTable } from './report-csv';
import { csvName, formatQuery, parsePage, rangeOf, rangeView } from './report-query';

export const drillQuery = z.object({
  campaignId: idText, figure: oneOf(CAMPAIGN_DRILL_FIGURES), variant: oneOf(VARIANT_KEYS).optional(), language: boundedText(10).optional(),
});

const TEXT_COLUMNS = ['messageId', 'variant', 'language', 'status', 'sentAt', 'contactId', 'contactName', 'phone', 'conversationId'] as const;

/**
 * `GET /api/reports/campaigns`: per campaign and A/B variant, what its texts sent in the range did; `/campaigns/items`
 * the recipients behind a figure. Admins only, as the campaign pages are.
 */
export function campaignReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const { ds } = deps;
  router.use('/reports/campaigns', requireRole(deps.sessions, 'admin'));

  router.get('/reports/campaigns', async (req, res) => {
    const range = await rangeOf(req, deps);
    const { format, table } = parseQuery(formatQuery(CAMPAIGN_TABLES), req);
    const channels = await pricedChannels(ds.manager);
    const [campaigns, before] = await Promise.all([campaignFigures(ds.manager, range, channels), format === 'csv' ? [] : campaignFigures(ds.manager, range.previous, channels)]);
    if (format === 'csv') {
      const t = campaignTable(campaigns, table);
      return sendCsvTable(res, csvName('campaigns', table, range), t.columns, t.rows);
    }
    res.json({
      range: rangeView(range),
      totals: campaignTotals(campaigns), campaigns,
      previous: campaignTotals(before),
      definitions: CAMPAIGN_DEFINITIONS,
    });
  });

  router.get('/reports/campaigns/items', async (req, res) => {
    const range = await rangeOf(req, deps);
    const q = parseQuery(drillQuery, req);
    const page = parsePage(req);
    const cut = page.format === 'csv' ? { offset: 0, limit: CSV_ROWS } : page;
    const found = await campaignTexts(ds.manager, { ...q, range, ...cut });
    await sendPage(res, ds.manager, found, page, {
      name: csvName(`campaign-${q.campaignId}`, q.figure, range), columns: TEXT_COLUMNS, item: (r: CampaignTextRow) => r,
    });
  });
  return router;
}
