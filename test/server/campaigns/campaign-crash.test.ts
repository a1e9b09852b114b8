import { Message } from '../../../server/db/entities';
import { CRASH_ADMIN, startCrashRig, withDatabase, type CrashRig } from '../../support/crash-rig';
import { eventually } from '../../support/test-server';

// Issue 16: "a kill -9 mid-campaign resumes with nothing skipped and nothing sent twice". A real server process sends a
// campaign of a few hundred recipients to a slow provider and is killed with SIGKILL twice while sending.
jest.setTimeout(240_000);

const RECIPIENTS = 300;
const phoneOf = (i: number) => `+86135104${String(i).padStart(5, '0')}`;

let rig: CrashRig;
beforeAll(async () => { rig = await startCrashRig({ accountSid: 'ACcampaigncrash', from: '+8610690003', responseDelayMs: 30, leaseMs: 3000 }); });
afterAll(() => rig.stop());

async function call(token: string, method: string, path: string, body?: unknown): Promise<{ id?: number }> {
  const res = await fetch(`${rig.server.url}${path}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id?: number }>;
}

const campaignTexts = () => rig.twilio.sends.filter((s) => s.body.startsWith('本周六门诊照常'));

describe('a sending node killed with SIGKILL mid-campaign', () => {
  it('every recipient gets exactly one text after restarts', async () => {
    const { server } = rig;
    await server.start();
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CRASH_ADMIN) });
    const { token } = await login.json() as { token: string };
    for (let from = 0; from < RECIPIENTS; from += 20) {
      await Promise.all(Array.from({ length: Math.min(20, RECIPIENTS - from) }, (_, k) =>
        call(token, 'POST', '/api/contacts', { phone: phoneOf(from + k), name: `客户${from + k}`, tags: ['crash-campaign'] })));
    }
    const segment = await call(token, 'POST', '/api/segments', { name: 'crash', tagsAny: ['crash-campaign'] });
    // Transactional (a closure notice): no send window, so the real clock's hour does not matter. 100 a second.
    const campaign = await call(token, 'POST', '/api/campaigns', { name: 'crash', category: 'transactional', segmentId: segment.id, body: '本周六门诊照常', ratePerSecond: 100 });
    await call(token, 'POST', `/api/campaigns/${campaign.id}/start`, {});

    // Killed while sending, twice: after about a quarter and after about two thirds have left.
    const atKills: number[] = [];
    for (const share of [0.25, 0.66]) {
      await eventually(() => campaignTexts().length >= RECIPIENTS * share, 60_000);
      await server.kill();
      atKills.push(campaignTexts().length);
      await server.start();
    }
    // Both kills came mid-campaign.
    expect(atKills.every((n) => n < RECIPIENTS)).toBe(true);

    await withDatabase(rig.db, async (ds) => {
      await eventually(async () => (await ds.getRepository(Message).createQueryBuilder('m')
        .where("m.campaign_id = :id AND m.status IN ('queued', 'sending', 'held')", { id: campaign.id }).getCount()) === 0, 90_000);
      const perPhone = new Map<string, number>();
      for (const s of campaignTexts()) perPhone.set(s.to, (perPhone.get(s.to) ?? 0) + 1);
      const skipped = Array.from({ length: RECIPIENTS }, (_, i) => phoneOf(i)).filter((p) => !perPhone.has(p));
      const twice = [...perPhone].filter(([, n]) => n > 1);
      expect({ skipped, twice }).toEqual({ skipped: [], twice: [] });
      expect(perPhone.size).toBe(RECIPIENTS);
      expect(await ds.getRepository(Message).countBy({ campaignId: campaign.id!, status: 'sent' })).toBe(RECIPIENTS);
    });
  });
});
