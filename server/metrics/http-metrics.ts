import type { Express, RequestHandler } from 'express';
import type { HuixinMetrics } from './huixin-metrics';
import { routeLabelOf, routePatterns } from './route-patterns';

/**
 * Counts and times every request `app` answers, by method, route pattern and status. Installed first, so the time is
 * the whole answer (body parsing, the transaction, the error handler). A client that hangs up before its answer is
 * counted with status `aborted`. The route table is read at the first answer, when the app is complete.
 */
export function countRequests(metrics: HuixinMetrics, app: Express): RequestHandler {
  let patterns: Map<object, string> | null = null;
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('close', () => {
      patterns ??= routePatterns(app);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.httpRequest(req.method, routeLabelOf(patterns, req, res), res.writableFinished ? res.statusCode : 'aborted', seconds);
    });
    next();
  };
}

/** Counts one provider's callbacks by how they were answered (webhookResult in huixin-metrics.ts). */
export function countWebhooks(metrics: HuixinMetrics, provider: string): RequestHandler {
  return (_req, res, next) => {
    res.once('close', () => { if (res.writableFinished) metrics.webhook(provider, res.statusCode); });
    next();
  };
}
