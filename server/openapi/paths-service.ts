import { z } from 'zod';
import { group, json } from './operation';

/** What sits outside /api: the probes, Prometheus, short links, and this document itself. */
export const servicePaths = group('Service', 'public', [
  { method: 'get', path: '/healthz', summary: 'Liveness: this process answers (asks nothing else)', ok: json(z.object({ status: z.literal('ok') })) },
  {
    method: 'get', path: '/readyz', summary: 'Readiness: whether a load balancer should send traffic to this node',
    description: '200 when the database and Redis (with REDIS_URL) answer within 2 s, every migration has run and the node is not draining; '
      + '503 with the same body and `status: "unavailable"` otherwise, each part saying which.',
    ok: json(z.object({
      status: z.enum(['ready', 'unavailable']),
      database: z.enum(['ok', 'unavailable']),
      redis: z.enum(['ok', 'unavailable', 'off']),
      migrations: z.enum(['ok', 'pending', 'unknown']),
      draining: z.boolean(),
    })),
  },
  {
    method: 'get', path: '/metrics', summary: 'Prometheus metrics (Bearer METRICS_TOKEN)', access: 'public',
    description: 'Served on the main port only when METRICS_PORT is unset; needs `Authorization: Bearer $METRICS_TOKEN`.',
    ok: { description: 'Prometheus text exposition format', contentType: 'text/plain' },
  },
  {
    method: 'get', path: '/s/{code}', summary: "A campaign's tracked short link: redirects to the campaign's address", params: z.object({ code: z.string() }),
    ok: { status: 302, description: 'Redirect to the address the campaign links to' },
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document (OpenAPI 3.1)', ok: json(z.looseObject({ openapi: z.string() })) },
  { method: 'get', path: '/api/docs', summary: 'This document as a readable page', ok: { description: 'HTML', contentType: 'text/html' } },
]);
