import request from 'supertest';
import { localDate } from '../../../server/appointments/zoned-time';
import { ConversationEpisode, Message } from '../../../server/db/entities';
import { rebuildEpisodes } from '../../../server/reports/episode-rebuild';
import { ADMIN, startAnotherNode, startTestHuixin, type TestHuixin } from '../../support/test-server';

// A new user's first look at /reports: a fresh demo database (SEED_DEMO, SEED_DEMO_HISTORY, as `npm start` has them)
// already shows the clinic's last 30 days, ending on the seed's today.

const TZ = 'Asia/Shanghai';
let hx: TestHuixin;
let admin: string;
const day = (daysAgo: number) => localDate(new Date(hx.clock.now().getTime() - daysAgo * 86_400_000), TZ);
const overview = async (from: string, to: string) =>
  (await request(hx.url).get(`/api/reports/overview?from=${from}&to=${to}`).set('Authorization', `Bearer ${admin}`).expect(200)).body;

beforeAll(async () => {
  hx = await startTestHuixin({ SEED_DEMO_HISTORY: 'true' });
  admin = await hx.loginAs(ADMIN.email, ADMIN.password);
}, 60_000);
afterAll(() => hx?.close());

describe('the demo clinic\'s past month', () => {
  it('fills the overview of the last 30 days', async () => {
    const o = await overview(day(29), day(0));
    expect(o.messages.sent).toBeGreaterThan(100);
    expect(o.messages.delivered).toBeGreaterThan(0);
    expect(o.messages.failed).toBeGreaterThan(0);
    expect(o.messages.deliveryRate).toBeGreaterThan(0.9);
    expect(o.messages.deliveryRate).toBeLessThan(1);
    expect(o.conversations.inbound).toBeGreaterThan(50);
    expect(o.conversations.handoffs).toBeGreaterThan(10);
    expect(o.conversations.botResolved).toBeGreaterThan(0);
    expect(o.conversations.firstResponseMedianSeconds).toBeGreaterThan(0);
    expect(o.optOuts.count).toBeGreaterThan(0);
    expect(o.csat.responses).toBeGreaterThan(0);
    expect(o.csat.average).toBeGreaterThan(3);
    // Every day of the chart has texts: it reads as a working month, not a spike.
    const quietDays = (o.series as Array<{ messages: { sent: number } }>).filter((d) => d.messages.sent === 0);
    expect(quietDays.length).toBeLessThan(5);
  });

  it('has nothing in the future and nothing before its month', async () => {
    const [future, before] = await Promise.all([
      hx.ds.manager.createQueryBuilder(Message, 'm').where('m.created_at > :now', { now: hx.clock.now() }).getCount(),
      overview(day(60), day(32)),
    ]);
    expect(future).toBe(0);
    expect(before.messages.sent).toBe(0);
  });

  it('has episodes the rebuild agrees with', async () => {
    const strip = (rows: ConversationEpisode[]) => rows.map(({ id: _id, ...rest }) => rest);
    const seeded = strip(await hx.ds.manager.find(ConversationEpisode, { order: { conversationId: 'ASC', startedAt: 'ASC' } }));
    expect(seeded.length).toBeGreaterThan(50);
    await rebuildEpisodes(hx.ds, hx.clock.now());
    expect(strip(await hx.ds.manager.find(ConversationEpisode, { order: { conversationId: 'ASC', startedAt: 'ASC' } }))).toEqual(seeded);
  });

  it('is seeded once: a second start on the same database adds nothing', async () => {
    const count = await hx.ds.manager.count(Message);
    const node = await startAnotherNode(hx, {}, { SEED_DEMO_HISTORY: 'true' });
    await node.stop();
    expect(await hx.ds.manager.count(Message)).toBe(count);
  });
});

describe('a database without the demo', () => {
  it('gets no history, whatever SEED_DEMO_HISTORY says', async () => {
    const bare = await startTestHuixin({ SEED_DEMO: 'false', SEED_DEMO_HISTORY: 'true' });
    try {
      expect(await bare.ds.manager.count(Message)).toBe(0);
    } finally {
      await bare.close();
    }
  }, 60_000);
});
