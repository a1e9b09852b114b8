import { checkedRequest as request } from '../../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

export const AGENT = { email: 'wang@clinic.example', password: DEMO_AGENT_PASSWORD };

/** Authenticated REST calls as one user: `api.get('/rules')` means GET /api/rules with that user's token. */
export class AdminClient {
  constructor(private readonly url: string, private readonly token: string) {}
  get(path: string) { return request(this.url).get(`/api${path}`).set('Authorization', `Bearer ${this.token}`); }
  post(path: string, body: object = {}) { return request(this.url).post(`/api${path}`).set('Authorization', `Bearer ${this.token}`).send(body); }
  put(path: string, body: object) { return request(this.url).put(`/api${path}`).set('Authorization', `Bearer ${this.token}`).send(body); }
  delete(path: string) { return request(this.url).delete(`/api${path}`).set('Authorization', `Bearer ${this.token}`); }
}

export interface AdminHarness { hx: TestHuixin; admin: AdminClient; agent: AdminClient }

/** A fresh server with its own database, and clients for the first admin and a demo agent. */
export async function startAdminHarness(): Promise<AdminHarness> {
  const hx = await startTestHuixin();
  const admin = new AdminClient(hx.url, await hx.loginAs(ADMIN.email, ADMIN.password));
  const agent = new AdminClient(hx.url, await hx.loginAs(AGENT.email, AGENT.password));
  return { hx, admin, agent };
}

/** The keyword rule most tests start from: "wifi" answers with the password. */
export const wifiRule = (overrides: object = {}) => ({
  name: 'Wi-Fi password', match: { kind: 'exact', patterns: ['wifi', '无线密码'] }, action: 'faq',
  reply: '【{{business.name}}】Wi-Fi: clinic-guest / smile2026', ...overrides,
});
