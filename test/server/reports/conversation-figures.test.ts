import { checkedRequest as request } from '../../support/openapi-check';
import { ConversationEpisode } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { rewriteTimeHistograms } from '../../../server/reports/episode-rollups';
import { endQuietEpisodes } from '../../../server/reports/quiet-episodes';
import { rebuildRollups } from '../../../server/reports/rollup-rebuild';
import { Customer } from '../../support/customer';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { local } from '../appointments/support';

// Issue 17, conversations: a week of customers built through the real webhook and inbox API with the test clock, in
// Shanghai (UTC+8), each figure worked out by hand below. Hours: Monday to Friday 09:00–12:00 and 13:30–18:00.
// The report covers Monday 23 to Sunday 29 November 2026 (local): from 2026-11-22T16:00Z to 2026-11-29T16:00Z.

const LUNCH = [['09:00', '12:00'], ['13:30', '18:00']];
const HOUR = 3600;

let hx: TestHuixin;
let tokens: Record<'admin' | 'wang' | 'liu', string>;
let agentIds: Record<'admin' | 'wang' | 'liu' | 'sam', number>;
const people: Record<string, Customer> = {};
const conv: Record<string, number> = {};

const as = (who: keyof typeof tokens) => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${tokens[who]}`),
  post: (path: string, body: object = {}) => request(hx.url).post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
  put: (path: string, body: object) => request(hx.url).put(path).set('Authorization', `Bearer ${tokens[who]}`).send(body),
});
const at = (text: string) => hx.clock.set(local(text));
async function texts(who: string, phone: string, when: string, body: string): Promise<void> {
  at(when);
  people[who] ??= new Customer(hx, phone);
  await people[who].text(body);
  conv[who] = (await people[who].conversation()).id;
}
const reply = (agent: 'wang' | 'liu', who: string, when: string) => { at(when); return as(agent).post(`/api/conversations/${conv[who]}/messages`, { body: '您好，我们来帮您' }).expect(201); };
const action = (agent: keyof typeof tokens, who: string, what: string, when: string) => { at(when); return as(agent).post(`/api/conversations/${conv[who]}/${what}`).expect(200); };
const episodesOf = (who: string) => hx.ds.manager.find(ConversationEpisode, { where: { conversationId: conv[who] }, order: { id: 'ASC' } });

beforeAll(async () => {
  hx = await startTestHuixin();
  tokens = {
    admin: await hx.loginAs(ADMIN.email, ADMIN.password),
    wang: await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD),
    liu: await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD),
  };
  const agents = (await as('admin').get('/api/agents').expect(200)).body.items as Array<{ id: number; email: string }>;
  const id = (email: string) => agents.find((a) => a.email === email)!.id;
  agentIds = { admin: id(ADMIN.email), wang: id('wang@clinic.example'), liu: id('liu@clinic.example'), sam: id('sam@clinic.example') };
  await as('admin').put('/api/settings', { businessHours: { 1: LUNCH, 2: LUNCH, 3: LUNCH, 4: LUNCH, 5: LUNCH, 6: [], 7: [] }, closedDates: [] }).expect(200);

  await texts('I', '+8613700000001', '2026-11-22 23:30', '人工');       // Sunday night: the week before
  await texts('J', '+8613700000002', '2026-11-23 00:10', '人工');       // Monday 00:10 local is still Sunday in UTC
  await texts('C', '+8613700000003', '2026-11-23 10:00', '你好');       // the bot answers …
  await texts('C', '+8613700000003', '2026-11-23 10:20', '人工');       // … and hands off 20 minutes later
  at('2026-11-23 10:22');
  await as('wang').post(`/api/conversations/${conv.C}/notes`, { body: '@liu 我来回' }).expect(201);   // a note is no reply
  await reply('wang', 'C', '2026-11-23 10:25');
  await action('wang', 'C', 'resolve', '2026-11-23 11:00');
  await action('wang', 'C', 'reopen', '2026-11-23 11:05');             // resolved too soon: the same episode goes on
  await action('wang', 'C', 'resolve', '2026-11-23 11:10');
  await texts('E', '+8613700000005', '2026-11-24 11:00', '你好');       // the bot alone, then silence
  await texts('A', '+8613700000004', '2026-11-24 17:30', '人工');       // half an hour before closing …
  await reply('wang', 'A', '2026-11-25 09:30');                        // … answered the next morning
  await action('wang', 'A', 'resolve', '2026-11-25 10:00');
  at('2026-11-25 11:00');
  expect(await endQuietEpisodes(hx.ds, hx.clock.now())).toBe(1);       // E: 24 hours quiet with the bot
  await texts('F', '+8613700000006', '2026-11-25 14:00', '你好');
  await action('admin', 'F', 'resolve', '2026-11-25 14:30');            // closed without a person's reply
  await texts('A', '+8613700000004', '2026-11-26 09:00', '人工');       // A again: a new episode
  await reply('liu', 'A', '2026-11-26 09:10');
  await texts('G', '+8613700000007', '2026-11-26 15:00', '人工');       // nobody answers
  await texts('M', '+14155550177', '2026-11-27 10:00', 'hello');       // an English speaker, with the bot …
  await action('liu', 'M', 'take-over', '2026-11-27 10:30');            // … until Liu takes over
  await reply('liu', 'M', '2026-11-27 10:40');
  await texts('B', '+8613700000008', '2026-11-27 17:00', '人工');       // Friday, an hour before the weekend
  at('2026-11-28 08:00');                                              // 调休: Saturday the 28th works as a Monday
  await as('admin').put('/api/settings', { makeUpWorkdays: [{ date: '2026-11-28', weekday: 1 }] }).expect(200);
  await texts('K', '+8613700000009', '2026-11-29 23:50', '人工');       // Sunday 23:50: the range's last minutes
  await texts('L', '+8613700000010', '2026-11-30 00:05', '人工');       // Monday 00:05: the next week
  await reply('liu', 'B', '2026-11-30 10:00');                         // Monday morning
  at('2026-11-30 10:05');                                              // the make-up day is taken back: B keeps its value
  await as('admin').put('/api/settings', { makeUpWorkdays: [] }).expect(200);
  at('2026-11-30 11:00');
}, 120_000);
afterAll(() => hx?.close());

const WEEK = '/api/reports/conversations?from=2026-11-23&to=2026-11-29';
const LONG = '/api/reports/conversations?from=2026-09-01&to=2026-11-30';

describe('episodes are written as the conversation happens', () => {
  it('a hand-off after the bot answered counts from the hand-off; the note before the reply does not count', async () => {
    const [c] = await episodesOf('C');
    expect(c).toMatchObject({
      startedAt: local('2026-11-23 10:00'), handoffAt: local('2026-11-23 10:20'), handoffReason: 'rule', inboundCount: 2,
      firstResponseAt: local('2026-11-23 10:25'), firstResponseAgentId: agentIds.wang, firstResponseSeconds: 300, firstResponseBusinessSeconds: 300,
      // Reopened at 11:05 and resolved again at 11:10: one episode, resolved 70 minutes after it started.
      resolvedAt: local('2026-11-23 11:10'), resolvedBy: 'agent', resolvedAgentId: agentIds.wang, resolutionSeconds: 70 * 60, resolutionBusinessSeconds: 70 * 60,
      openFor: null, botResolved: false,
    });
    expect(await episodesOf('C')).toHaveLength(1);
  });

  it('across a night: 16 hours on the calendar, one business hour (17:30–18:00 and 09:00–09:30)', async () => {
    const [a] = await episodesOf('A');
    expect(a).toMatchObject({ firstResponseSeconds: 16 * HOUR, firstResponseBusinessSeconds: HOUR, resolutionSeconds: 16.5 * HOUR, resolutionBusinessSeconds: 1.5 * HOUR });
  });

  it('a text to a resolved conversation opens a new episode', async () => {
    const [first, second] = await episodesOf('A');
    expect(first).toMatchObject({ resolvedBy: 'agent', openFor: null });
    expect(second).toMatchObject({ startedAt: local('2026-11-26 09:00'), openFor: conv.A, firstResponseAgentId: agentIds.liu, firstResponseSeconds: 600, resolvedAt: null });
  });

  it('across a weekend with a make-up Saturday: the calendar in force when Liu replied counts it, and keeps it after', async () => {
    const [b] = await episodesOf('B');
    // Friday 17:00–18:00, Saturday as a Monday (3 h + 4.5 h), Monday 09:00–10:00; 65 hours on the calendar.
    expect(b).toMatchObject({ firstResponseSeconds: 65 * HOUR, firstResponseBusinessSeconds: 9.5 * HOUR });
  });

  it('bot-only episodes end as bot-resolved: by the quiet rule 24 hours after the last text, or closed by an agent', async () => {
    const [e] = await episodesOf('E');
    expect(e).toMatchObject({ handoffAt: null, firstResponseAt: null, botResolved: true, resolvedBy: 'bot', resolvedAt: local('2026-11-25 11:00'), resolutionSeconds: null });
    const [f] = await episodesOf('F');
    expect(f).toMatchObject({ botResolved: true, resolvedBy: 'agent', resolvedAgentId: agentIds.admin });
  });

  it('a take-over is the hand-off the first response counts from', async () => {
    const [m] = await episodesOf('M');
    expect(m).toMatchObject({ handoffReason: 'taken_over', handoffAt: local('2026-11-27 10:30'), firstResponseSeconds: 600, language: 'en' });
  });
});

describe('GET /api/reports/conversations', () => {
  it('counts the week by hand', async () => {
    const body = (await as('admin').get(WEEK).expect(200)).body;
    expect(body.range).toEqual({ from: '2026-11-23', to: '2026-11-29', timezone: 'Asia/Shanghai' });
    // J C C E A F A G M B K — I (Sunday before) and L (Monday after) are outside.
    expect(body.inbound).toBe(11);
    // J C A E F A(again) G M B K
    expect(body.episodes).toBe(10);
    expect(body.handoffs).toBe(8);
    expect(body.handoffsByReason).toEqual({ rule: 7, taken_over: 1 });
    expect(body.botResolved).toBe(2);
    expect(body.botResolutionRate).toBe(0.2);
    expect(body.unanswered).toBe(3);   // J, G, K: a count, not zeros in the times
    // First responses C 300, A 57600, A again 600, M 600, B 234000 (business 300, 3600, 600, 600, 34200).
    // p90 interpolates: rank 0.9 × 4 = 3.6 → 57600 + 0.6 × (234000 − 57600).
    expect(body.firstResponse).toEqual({ medianSeconds: 600, p90Seconds: 163440, businessMedianSeconds: 600, businessP90Seconds: 21960, count: 5 });
    expect(body.firstResponseMedianSeconds).toBe(600);
    // Resolutions by a person who took part: C 4200 (business 4200), A 59400 (5400); F was bot-resolved.
    expect(body.resolution).toEqual({ medianSeconds: 31800, p90Seconds: 53880, businessMedianSeconds: 4800, businessP90Seconds: 5280, count: 2 });
  });

  it('the backlog now: waiting for a person, unassigned, and the longest wait (I, since Sunday the 22nd 23:30)', async () => {
    const { backlog } = (await as('admin').get(WEEK).expect(200)).body;
    // Open with a person: I J G K L (unassigned, waiting) and A M B (Liu's, answered).
    expect(backlog).toEqual({ open: 8, unassigned: 5, oldestWaitingSeconds: 7 * 86400 + 11.5 * HOUR });
  });

  it('per agent: first responses given, episodes resolved, open now', async () => {
    const { perAgent } = (await as('admin').get(WEEK).expect(200)).body;
    const row = (id: number) => perAgent.find((a: { agentId: number }) => a.agentId === id);
    expect(row(agentIds.wang)).toEqual({
      agentId: agentIds.wang, name: '王芳', openNow: 0, resolved: 2,
      firstResponse: { medianSeconds: 28950, p90Seconds: 51870, businessMedianSeconds: 1950, businessP90Seconds: 3270, count: 2 },
      resolution: { medianSeconds: 31800, p90Seconds: 53880, businessMedianSeconds: 4800, businessP90Seconds: 5280, count: 2 },
    });
    expect(row(agentIds.liu)).toEqual({
      agentId: agentIds.liu, name: '刘洋', openNow: 3, resolved: 0,
      firstResponse: { medianSeconds: 600, p90Seconds: 187320, businessMedianSeconds: 600, businessP90Seconds: 27480, count: 3 },
      resolution: { medianSeconds: null, p90Seconds: null, businessMedianSeconds: null, businessP90Seconds: null, count: 0 },
    });
    // The admin closed F, which the bot had resolved: no resolution time of theirs. Sam did nothing and is listed.
    expect(row(agentIds.admin)).toMatchObject({ resolved: 0, firstResponse: { count: 0, medianSeconds: null } });
    expect(row(agentIds.sam)).toMatchObject({ resolved: 0, openNow: 0, firstResponse: { count: 0 } });
  });

  it('by local day, with the range edges in Shanghai time', async () => {
    const { byDay } = (await as('admin').get(WEEK).expect(200)).body;
    const none = { firstResponseMedianSeconds: null, businessFirstResponseMedianSeconds: null };
    expect(byDay).toEqual([
      { date: '2026-11-23', inbound: 3, episodes: 2, handoffs: 2, botResolved: 0, unanswered: 1, firstResponseMedianSeconds: 300, businessFirstResponseMedianSeconds: 300 },
      { date: '2026-11-24', inbound: 2, episodes: 2, handoffs: 1, botResolved: 1, unanswered: 0, firstResponseMedianSeconds: 57600, businessFirstResponseMedianSeconds: 3600 },
      { date: '2026-11-25', inbound: 1, episodes: 1, handoffs: 0, botResolved: 1, unanswered: 0, ...none },
      { date: '2026-11-26', inbound: 2, episodes: 2, handoffs: 2, botResolved: 0, unanswered: 1, firstResponseMedianSeconds: 600, businessFirstResponseMedianSeconds: 600 },
      { date: '2026-11-27', inbound: 2, episodes: 2, handoffs: 2, botResolved: 0, unanswered: 0, firstResponseMedianSeconds: 117300, businessFirstResponseMedianSeconds: 17400 },
      { date: '2026-11-28', inbound: 0, episodes: 0, handoffs: 0, botResolved: 0, unanswered: 0, ...none },
      { date: '2026-11-29', inbound: 1, episodes: 1, handoffs: 1, botResolved: 0, unanswered: 1, ...none },
    ]);
    // One day, Monday: J at 00:10 local (Sunday 16:10 UTC) belongs to it, I at Sunday 23:30 local does not.
    const monday = (await as('admin').get('/api/reports/conversations?from=2026-11-23&to=2026-11-23').expect(200)).body;
    expect(monday).toMatchObject({ inbound: 3, episodes: 2, unanswered: 1 });
  });

  it('by hour of day and by language', async () => {
    const { byHour, byLanguage } = (await as('admin').get(WEEK).expect(200)).body;
    const hours = (pick: (h: { inbound: number; episodes: number }) => number) => Object.fromEntries(byHour.filter((h: { inbound: number; episodes: number }) => pick(h) > 0).map((h: { hour: number }) => [h.hour, pick(h as never)]));
    expect(byHour).toHaveLength(24);
    expect(hours((h) => h.inbound)).toEqual({ 0: 1, 9: 1, 10: 3, 11: 1, 14: 1, 15: 1, 17: 2, 23: 1 });
    expect(hours((h) => h.episodes)).toEqual({ 0: 1, 9: 1, 10: 2, 11: 1, 14: 1, 15: 1, 17: 2, 23: 1 });
    expect(byLanguage).toEqual([
      { language: 'en', episodes: 1, handoffs: 1, botResolved: 0, botResolutionRate: 0, unanswered: 0, firstResponseMedianSeconds: 600, businessFirstResponseMedianSeconds: 600 },
      // C 300, A 57600, A again 600, B 234000 → (600 + 57600) / 2; business 300, 3600, 600, 34200 → (600 + 3600) / 2.
      { language: 'zh-CN', episodes: 9, handoffs: 7, botResolved: 2, botResolutionRate: 2 / 9, unanswered: 3, firstResponseMedianSeconds: 29100, businessFirstResponseMedianSeconds: 2100 },
    ]);
  });

  it('the previous period alongside, and the definitions the page shows', async () => {
    const body = (await as('admin').get(WEEK).expect(200)).body;
    expect(body.previous).toEqual({
      from: '2026-11-16', to: '2026-11-22', inbound: 1, episodes: 1, handoffs: 1, botResolved: 0, botResolutionRate: 0, unanswered: 1,
      firstResponseMedianSeconds: null, businessFirstResponseMedianSeconds: null, resolutionMedianSeconds: null, businessResolutionMedianSeconds: null, precision: 0,
    });
    expect(body.definitions.firstResponse.zh).toContain('首次响应');
    expect(body.definitions.botResolved.en).toContain('24 hours');
  });

  it('rates are null, not NaN, when nothing happened', async () => {
    const body = (await as('admin').get('/api/reports/conversations?from=2026-11-01&to=2026-11-07').expect(200)).body;
    expect(body).toMatchObject({ episodes: 0, botResolutionRate: null, firstResponse: { medianSeconds: null, count: 0 } });
  });

  it('an agent sees the clinic\'s figures but only their own row', async () => {
    const body = (await as('wang').get(WEEK).expect(200)).body;
    expect(body.episodes).toBe(10);
    expect(body.perAgent.map((a: { agentId: number }) => a.agentId)).toEqual([agentIds.wang]);
  });

  it('exports a table as CSV for Excel', async () => {
    const res = await as('admin').get(`${WEEK}&format=csv&table=byDay`).buffer(true).parse((r, done) => { let t = ''; r.on('data', (c) => { t += c; }); r.on('end', () => done(null, t)); }).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = (res.body as string).split('\r\n');
    expect(lines[0]).toBe('\uFEFFdate,inbound,episodes,handoffs,bot_resolved,unanswered,first_response_median_seconds,business_first_response_median_seconds');
    expect(lines[1]).toBe('2026-11-23,3,2,2,0,1,300,300');
    expect(lines[3]).toBe('2026-11-25,1,1,0,1,0,,');
  });

  it('refuses a bad range naming the field', async () => {
    expect((await as('admin').get('/api/reports/conversations?from=2026-11-30&to=2026-11-23').expect(400)).body.error.field).toBe('from');
    expect((await as('admin').get(`${WEEK}&table=everything`).expect(400)).body.error.field).toBe('table');
  });
});

describe('GET /api/reports/episodes (what is behind a figure)', () => {
  const ids = async (who: keyof typeof tokens, query: string) =>
    ((await as(who).get(`/api/reports/episodes?from=2026-11-23&to=2026-11-29&${query}`).expect(200)).body.items as Array<{ conversationId: number }>).map((e) => e.conversationId);

  it('lists the episodes each figure counts, newest first', async () => {
    expect(await ids('admin', 'kind=unanswered')).toEqual([conv.K, conv.G, conv.J]);
    expect(await ids('admin', 'kind=bot_resolved')).toEqual([conv.F, conv.E]);
    expect(await ids('admin', 'reason=taken_over')).toEqual([conv.M]);
    expect(await ids('admin', 'hour=17')).toEqual([conv.B, conv.A]);
    expect(await ids('admin', 'language=en')).toEqual([conv.M]);
    expect(await ids('admin', 'kind=resolved')).toEqual([conv.A, conv.C]);
  });

  it('pages with a cursor', async () => {
    const first = (await as('admin').get('/api/reports/episodes?from=2026-11-23&to=2026-11-29&limit=4').expect(200)).body;
    const second = (await as('admin').get(`/api/reports/episodes?from=2026-11-23&to=2026-11-29&limit=4&cursor=${first.nextCursor}`).expect(200)).body;
    const third = (await as('admin').get(`/api/reports/episodes?from=2026-11-23&to=2026-11-29&limit=4&cursor=${second.nextCursor}`).expect(200)).body;
    expect([...first.items, ...second.items, ...third.items]).toHaveLength(10);
    expect(third.nextCursor).toBeNull();
  });

  it('masks the phone as the rest of the app does, and says where each episode stands', async () => {
    const [k] = (await as('admin').get('/api/reports/episodes?from=2026-11-29&to=2026-11-29').expect(200)).body.items;
    expect(k).toMatchObject({ conversationId: conv.K, contact: { phone: '+86137****0009' }, state: 'waiting', handoffReason: 'rule', language: 'zh-CN' });
  });

  it('an agent sees only the episodes they answered or resolved', async () => {
    expect(await ids('wang', 'kind=all')).toEqual([conv.A, conv.C]);
    await as('wang').get(`/api/reports/episodes?from=2026-11-23&to=2026-11-29&agentId=${agentIds.liu}`).expect(403);
  });

  it('exports every episode as CSV with local times, masked phones and a BOM', async () => {
    const res = await as('admin').get('/api/reports/episodes?from=2026-11-23&to=2026-11-29&format=csv').buffer(true)
      .parse((r, done) => { let t = ''; r.on('data', (c) => { t += c; }); r.on('end', () => done(null, t)); }).expect(200);
    const lines = (res.body as string).split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('\uFEFFepisode_id,conversation_id,contact,phone')).toBe(true);
    expect(lines[0]).toContain('started_at (Asia/Shanghai)');
    expect(lines).toHaveLength(11);
    const b = lines.find((l) => l.split(',')[1] === String(conv.B))!;
    // The phone starts with "+": a spreadsheet would read it as a formula, so it is quoted with a leading '.
    expect(b).toContain(",'+86137****0008,zh-CN,,answered,2026-11-27 17:00:00,1,2026-11-27 17:00:00,rule,2026-11-30 10:00:00,刘洋,234000,34200,,,,,,false");
  });
});

describe('the times of a range longer than a month', () => {
  /** Each time of `approx` within the stated precision (and the second it rounds to) of the same time in `exact`. */
  const within = (approx: Record<string, number | null>, exact: Record<string, number | null>, precision: number, keys: string[]) => {
    for (const key of keys) {
      const [a, e] = [approx[key], exact[key]];
      expect(e).not.toBeNull();
      if (Math.abs(a! - e!) > precision * e! + 1) throw new Error(`${key}: ${a} is not within ${precision * 100} % of ${e}`);
    }
  };
  const TIMES = ['medianSeconds', 'p90Seconds', 'businessMedianSeconds', 'businessP90Seconds'];

  it('the report reads its resolution times from the histograms, in total and per agent; its first responses and counts stay exact', async () => {
    // The same episodes as November's (nothing started in September or October), read exactly and from histograms.
    const exact = (await as('admin').get('/api/reports/conversations?from=2026-11-01&to=2026-11-30').expect(200)).body;
    const long = (await as('admin').get(LONG).expect(200)).body;
    expect([exact.precision, long.precision]).toEqual([0, 0.04]);
    expect(long.firstResponse).toEqual(exact.firstResponse);
    expect(exact.firstResponse.count).toBeGreaterThan(2);
    expect(long.resolution.count).toBe(exact.resolution.count);
    within(long.resolution, exact.resolution, long.precision, TIMES);
    const resolvers = exact.perAgent.filter((a: { resolved: number }) => a.resolved > 0);
    expect(resolvers.length).toBeGreaterThan(0);
    expect(long.perAgent.map((a: { agentId: number; resolved: number }) => [a.agentId, a.resolved])).toEqual(exact.perAgent.map((a: { agentId: number; resolved: number }) => [a.agentId, a.resolved]));
    for (const agent of resolvers) {
      const theirs = long.perAgent.find((a: { agentId: number }) => a.agentId === agent.agentId);
      expect(theirs.firstResponse).toEqual(agent.firstResponse);
      within(theirs.resolution, agent.resolution, long.precision, TIMES);
    }
    // November whole inside the range: read from its month rows (rollup-keys.ts MONTHLY_DIMS) instead of its days, the same.
    const months = (await as('admin').get('/api/reports/conversations?from=2026-10-01&to=2026-12-31').expect(200)).body;
    expect([months.resolution, months.perAgent]).toEqual([long.resolution, long.perAgent]);
  });

  it('the headline reads them from the histograms, within the stated precision of the exact values', async () => {
    const month = (await as('admin').get('/api/reports/overview?from=2026-11-01&to=2026-11-30').expect(200)).body.conversations;
    const quarter = (await as('admin').get('/api/reports/overview?from=2026-09-01&to=2026-11-30').expect(200)).body.conversations;
    expect([month.precision, quarter.precision]).toEqual([0, 0.04]);
    const exact = (await as('admin').get('/api/reports/conversations?from=2026-11-01&to=2026-11-30').expect(200)).body;
    expect(month.firstResponseMedianSeconds).toBe(exact.firstResponse.medianSeconds);
    within(quarter, month, quarter.precision, ['firstResponseMedianSeconds', 'businessFirstResponseMedianSeconds', 'resolutionMedianSeconds', 'businessResolutionMedianSeconds']);
  });
});

describe('the episode counts behind a year of figures', () => {
  // Last in the file: it empties the roll-ups before rebuilding them.
  it('are kept as the episodes change, and a rebuild from the episodes gives the same figures', async () => {
    const routes = [WEEK, '/api/reports/conversations?from=2026-11-01&to=2026-11-30', '/api/reports/overview?from=2026-11-23&to=2026-11-29', LONG,
      '/api/reports/overview?from=2026-09-01&to=2026-11-30'];
    const figures = () => Promise.all(routes.map(async (r) => {
      const body = (await as('admin').get(r).expect(200)).body;
      return r.includes('overview') ? { conversations: body.conversations, previous: body.previous.conversations } : body;
    }));
    const live = await figures();
    // The histograms' rows themselves, hour, day and month, in total and per agent.
    // Rows left at zero count nothing (swept once their period is over, rollup-store.ts); a rebuild writes none.
    const timeRows = async () => hx.ds.query(`SELECT grain, dim, bucket, value, kind, state, n FROM report_rollups
      WHERE kind IN ('first_resp', 'resolution') AND (n <> 0 OR segments <> 0) ORDER BY grain, dim, bucket, value, kind, state`);
    const liveRows = await timeRows();
    expect(new Set(liveRows.map((r: { grain: string; dim: string }) => `${r.grain} ${r.dim}`))).toEqual(new Set(['h time', 'd time', 'm time', 'h agent', 'd agent', 'm agent']));
    expect(live[0]).toMatchObject({ inbound: 11, episodes: 10, handoffs: 8, botResolved: 2, unanswered: 3, handoffsByReason: { rule: 7, taken_over: 1 } });
    // The counts come from the roll-ups (a year's report no longer reads every episode); the times from the episodes.
    await hx.ds.query('DELETE FROM report_rollups');
    const emptied = (await as('admin').get(WEEK).expect(200)).body;
    expect(emptied).toMatchObject({ inbound: 0, episodes: 0, handoffs: 0, botResolved: 0, unanswered: 0, handoffsByReason: {}, byLanguage: [] });
    expect(emptied.firstResponse.count).toBe(5);
    await rebuildRollups(hx.ds, {}, { from: new Date('2026-10-31T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') });
    expect(await figures()).toEqual(live);
    expect(await timeRows()).toEqual(liveRows);
    // Rebuilt again over rows that are there: each day's share of its month is taken out before it is written again.
    await rebuildRollups(hx.ds, {}, { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-28T00:00:00Z') });
    expect(await timeRows()).toEqual(liveRows);
    expect(await figures()).toEqual(live);
    // The migration that moved them to these dimensions writes them from the episodes the same way.
    await rewriteTimeHistograms((sql, params) => hx.ds.query(sql, params), hx.ds.options.type !== 'better-sqlite3');
    expect(await timeRows()).toEqual(liveRows);
  });
});
