import { z } from 'zod';
import { group, json } from './operation';

/** What sits outside /api: the health check, Prometheus, short links, and this document itself. */
export const servicePaths = group('Service', 'public', [
  { method: 'get', path: '/healthz', summary: 'Whether this node reaches its database (503 when it does not)', ok: json(z.object({ status: z.literal('ok') })) },
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
