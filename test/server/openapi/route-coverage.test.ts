import type { Express } from 'express';
import request from 'supertest';
import { API_OPERATIONS } from '../../../server/openapi/registry';
import { appRoutes } from '../../support/app-routes';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

// The app startHuixin builds, kept as it is created: its router is what the walk reads.
const mockBuiltApps: Express[] = [];
jest.mock('../../../server/app', () => {
  const actual = jest.requireActual('../../../server/app');
  return { ...actual, createApp: (deps: unknown) => { const app = actual.createApp(deps); mockBuiltApps.push(app); return app; } };
});

/** inbox-ui's pages (served when it is built) are pages, not API: everything under /api, /webhooks, /s and the probes is. */
const isApiRoute = (path: string) => /^\/(api|webhooks|s)\//.test(path) || ['/healthz', '/readyz', '/metrics'].includes(path);
/** express writes `:id`, OpenAPI `{id}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');

let hx: TestHuixin;
beforeAll(async () => {
  // METRICS_TOKEN: so /metrics is served on the main port and its route exists to be documented.
  hx = await startTestHuixin({ METRICS_TOKEN: 'openapi-coverage-token-0001' }, { startSender: false, startWorkers: false });
});
afterAll(() => hx.close());

const served = () => appRoutes(mockBuiltApps[0]).filter((r) => isApiRoute(r.path)).map((r) => `${r.method} ${openApiPath(r.path)}`);
const documented = () => API_OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`);

it('walks the real app and finds its routes (the walk itself works)', () => {
  expect(served()).toEqual(expect.arrayContaining(['GET /healthz', 'POST /api/auth/login', 'GET /api/conversations/{id}/messages', 'POST /webhooks/twilio']));
  expect(served().length).toBeGreaterThan(100);
});

it('documents every route the app serves', () => {
  const missing = served().filter((route) => !documented().includes(route));
  expect(missing).toEqual([]);
});

it('documents no route the app does not serve', () => {
  const gone = documented().filter((route) => !served().includes(route));
  expect(gone).toEqual([]);
});

it('documents each route once', () => {
  const seen = documented();
  expect(seen.filter((route, i) => seen.indexOf(route) !== i)).toEqual([]);
});

it('serves the document at /api/openapi.json without a session', async () => {
  const res = await request(hx.url).get('/api/openapi.json').expect(200).expect('Content-Type', /json/);
  expect(res.body.openapi).toBe('3.1.0');
  expect(Object.keys(res.body.paths)).toContain('/api/conversations/{id}/messages');
  // The same request body the route validates: the reply schema takes a body or a template.
  expect(JSON.stringify(res.body.paths['/api/conversations/{id}/messages'].post.requestBody)).toContain('template');
});

it('serves a readable page at /api/docs with nothing loaded from elsewhere', async () => {
  const res = await request(hx.url).get('/api/docs').expect(200).expect('Content-Type', /html/);
  expect(res.text).toContain('/api/conversations/{id}/messages');
  expect(res.text).toContain('Inbox');
  expect(res.text).toContain('<a href="#schema-Message">Message</a>');   // named shapes written once, linked
  // An answer described field by field shows its fields: a channel says which secrets are set, never their values.
  expect(res.text).toContain('<section class="op" id="schema-Channel">');
  expect(res.text).toContain('<code>secretKeysSet</code>');
  expect(res.text).not.toMatch(/<script|https?:\/\/(?!localhost)[a-z]/i);
  expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
});
