import type request from 'supertest';
import { checkedRequest } from '../../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

/** Requests to /api as the holder of `auth` ("Bearer …"). */
export const apiAs = (hx: TestHuixin, auth: string) => ({
  get: (path: string) => checkedRequest(hx.url).get(`/api${path}`).set('Authorization', auth),
  post: (path: string, body: object = {}) => checkedRequest(hx.url).post(`/api${path}`).set('Authorization', auth).send(body),
  patch: (path: string, body: object = {}) => checkedRequest(hx.url).patch(`/api${path}`).set('Authorization', auth).send(body),
  delete: (path: string) => checkedRequest(hx.url).delete(`/api${path}`).set('Authorization', auth),
});
export type Api = ReturnType<typeof apiAs>;

/** The demo admin's and a demo agent's API. */
export async function adminAndAgent(hx: TestHuixin): Promise<{ admin: Api; agent: Api }> {
  return {
    admin: apiAs(hx, `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`),
    agent: apiAs(hx, `Bearer ${await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD)}`),
  };
}

/** Ids of a list answer's items. */
export const idsOf = (res: request.Response): number[] => res.body.items.map((c: { id: number }) => c.id);

export interface ContactsSuite { hx: TestHuixin; admin: Api; agent: Api }

/** A test server for the whole file (started before its tests, dropped after), with admin and agent sessions. */
export function contactsSuite(setup?: (suite: ContactsSuite) => Promise<void>): ContactsSuite {
  const suite = {} as ContactsSuite;
  beforeAll(async () => {
    suite.hx = await startTestHuixin();
    Object.assign(suite, await adminAndAgent(suite.hx));
    await setup?.(suite);
  }, 60_000);
  afterAll(() => suite.hx?.close());
  return suite;
}
