import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { HttpError } from '../http/errors';
import { oneOf, oneText } from '../http/query-schemas';
import { parseQuery } from '../http/validate';
import { CONVERSATION_DEFINITIONS } from './conversation-definitions';
import { conversationFigures } from './conversation-figures';
import { conversationHeadline } from './conversation-headline';
import { episodeCsvHeader, episodeCsvLines, figureTableCsv, FIGURE_TABLES } from './conversation-csv';
import { allEpisodes, episodeListSchema, listEpisodes, type EpisodeFilter } from './episode-list';
import { parseReportRange } from './report-range';

export const figuresSchema = z.object({
  from: oneText, to: oneText,
  format: oneOf(['json', 'csv'] as const).default('json'),
  table: oneOf(FIGURE_TABLES).default('byDay'),
});

function sendCsv(res: Response, name: string, text: string): void {
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${name}.csv"`);
  res.send(text);
}

/**
 * Conversation reports (issue 17). Admins see everything; an agent sees the clinic-wide figures (volume, rates, the
 * backlog) but only their own row of the per-agent table, and only the episodes they answered or resolved.
 * Ranges are local dates in the business's time zone (report-range.ts).
 */
export function conversationReportRoutes(deps: AppDeps): Router {
  const router = Router();
  const signedIn = requireRole(deps.sessions);
  const timezone = async () => (await deps.rulesets.get()).source.settings.timezone;
  const ownOnly = (req: Request) => (req.agent!.role === 'admin' ? undefined : req.agent!.id);

  router.get('/reports/conversations', signedIn, async (req, res) => {
    const query = parseQuery(figuresSchema, req);
    const range = parseReportRange(query, await timezone());
    const opts = { now: deps.clock.now(), onlyAgentId: ownOnly(req) };
    if (query.format === 'csv') {
      const figures = await conversationFigures(deps.ds.manager, range, opts);
      return sendCsv(res, `conversations-${query.table}-${range.from}-${range.to}`, figureTableCsv(figures, query.table));
    }
    const [figures, previous] = await Promise.all([conversationFigures(deps.ds.manager, range, opts), conversationHeadline(deps.ds.manager, range.previous)]);
    res.json({
      range: { from: range.from, to: range.to, timezone: range.timezone }, ...figures,
      previous: { from: range.previous.from, to: range.previous.to, ...previous },
      definitions: CONVERSATION_DEFINITIONS,
    });
  });

  // The episodes behind a figure: the page links each number here with the filter that made it.
  router.get('/reports/episodes', signedIn, async (req, res) => {
    const query = parseQuery(episodeListSchema, req);
    const range = parseReportRange(query, await timezone());
    const own = ownOnly(req);
    if (own !== undefined && query.agentId !== undefined && query.agentId !== own) {
      throw new HttpError(403, 'forbidden', 'Agents see their own episodes only', 'agentId');
    }
    const filter: EpisodeFilter = {
      range, kind: query.kind, reason: query.reason, language: query.language, agentId: own ?? query.agentId, hour: query.hour,
    };
    if (query.format === 'csv') {
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="episodes-${range.from}-${range.to}.csv"`);
      res.write(episodeCsvHeader(range.timezone));
      for await (const page of allEpisodes(deps.ds.manager, filter)) res.write(episodeCsvLines(page, range.timezone));
      return res.end();
    }
    res.json(await listEpisodes(deps.ds.manager, filter, { cursor: query.cursor, limit: query.limit }));
  });
  return router;
}
