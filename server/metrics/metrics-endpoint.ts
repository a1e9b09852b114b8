import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { bearerToken } from '../auth/session-token';
import { errorHandler, HttpError, notFoundHandler } from '../http/errors';
import type { Logger } from '../shared/logger';
import type { HuixinMetrics } from './huixin-metrics';

/** Compared as digests, so neither the time taken nor a length check tells a caller how much of the token was right. */
function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/**
 * `GET /metrics` in Prometheus's text format. With a token, only `Authorization: Bearer <METRICS_TOKEN>` reads it
 * (401 `invalid_metrics_token` otherwise, with the WWW-Authenticate challenge Prometheus's scrape config answers).
 */
export function metricsRoute(metrics: HuixinMetrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined) {
      const given = bearerToken(req.headers);
      if (!tokenMatches(token, given)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HttpError(401, 'invalid_metrics_token', given ? 'The metrics token is wrong' : 'Send Authorization: Bearer <METRICS_TOKEN> to read /metrics');
      }
    }
    const text = await metrics.render();
    res.set('Content-Type', metrics.contentType).set('Cache-Control', 'no-store').send(text);
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface MetricsServer { url: string; close(): Promise<void> }

/**
 * /metrics on a port of its own (METRICS_PORT), bound to METRICS_HOST (loopback by default), so it can be kept off
 * the public port by the network rather than by a token. Nothing else is served there.
 */
export async function startMetricsServer(options: { metrics: HuixinMetrics; host: string; port: number; token?: string; log: Logger }): Promise<MetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsRoute(options.metrics, options.token));
  app.use(notFoundHandler);
  app.use(errorHandler(options.log));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
  });
  const { address, port } = server.address() as AddressInfo;
  if (!options.token && !LOOPBACK.has(options.host)) {
    options.log.warn({ host: options.host, port }, 'metrics are served without a token on an address other machines may reach: set METRICS_TOKEN');
  }
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
