import { checkedRequest as request } from '../../support/openapi-check';
import { ConversationEpisode } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { rebuildEpisodes } from '../../../server/reports/episode-rebuild';
import { endQuietEpisodes } from '../../../server/reports/quiet-episodes';
import { Customer } from '../../support/customer';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { local } from '../appointments/support';

// The episode rebuild (server/reports/episode-rebuild.ts): conversations built through the real webhook and inbox API
// with the test clock — hand-offs, replies across a night, reopen, quiet ends, take-over, assignment, hand-back,
// snooze, and a make-up workday added and taken back between a text and its answer — have their episodes deleted and
// rebuilt, and every column of every row must be what the live writers wrote.

const LUNCH = [['09:00', '12:00'], ['13:30', '18:00']];

let hx: TestHuixin;
let tokens: Record<'admin' | 'wang' | 'liu', string>;
let wangId: number;
const people: Record<string, Customer> = {};
const conv: Record<string, number> = {};

const as = (who: keyof typeof tokens) => ({
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
const action = (agent: keyof typeof tokens, who: string, what: string, when: string, body: object = {}) => {
  at(when);
  return as(agent).post(`/api/conversations/${conv[who]}/${what}`, body).expect(200);
};
/** Every episode, without its id (the rebuild numbers them anew), in a stable order. */
const allEpisodes = async () => (await hx.ds.manager.find(ConversationEpisode, { order: { conversationId: 'ASC', startedAt: 'ASC' } }))
  .map(({ id: _id, ...rest }) => rest);

beforeAll(async () => {
  hx = await startTestHuixin();
  tokens = {
    admin: await hx.loginAs(ADMIN.email, ADMIN.password),
    wang: await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD),
    liu: await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD),
  };
  at('2026-11-22 08:00');
  await as('admin').put('/api/settings', { businessHours: { 1: LUNCH, 2: LUNCH, 3: LUNCH, 4: LUNCH, 5: LUNCH, 6: [], 7: [] }, closedDates: [] }).expect(200);
  const agents = (await request(hx.url).get('/api/agents').set('Authorization', `Bearer ${tokens.admin}`).expect(200)).body.items as Array<{ id: number; email: string }>;
  wangId = agents.find((a) => a.email === 'wang@clinic.example')!.id;

  await texts('C', '+8613700000003', '2026-11-23 10:00', '你好');       // the bot answers …
  await texts('C', '+8613700000003', '2026-11-23 10:20', '人工');       // … and hands off 20 minutes later
  at('2026-11-23 10:22');
  await as('wang').post(`/api/conversations/${conv.C}/notes`, { body: '@liu 我来回' }).expect(201);
  await reply('wang', 'C', '2026-11-23 10:25');
  await action('wang', 'C', 'resolve', '2026-11-23 11:00');
  await action('wang', 'C', 'reopen', '2026-11-23 11:05');             // the same episode goes on
  await action('wang', 'C', 'resolve', '2026-11-23 11:10');
  await texts('E', '+8613700000005', '2026-11-24 11:00', '你好');       // the bot alone, then silence
  await texts('A', '+8613700000004', '2026-11-24 17:30', '人工');
  await reply('wang', 'A', '2026-11-25 09:30');                        // across a night
  await action('wang', 'A', 'resolve', '2026-11-25 10:00');
  at('2026-11-25 11:00');
  expect(await endQuietEpisodes(hx.ds, hx.clock.now())).toBe(1);       // E ends by the quiet rule, 'bot'
  await texts('F', '+8613700000006', '2026-11-25 14:00', '你好');
  await action('admin', 'F', 'resolve', '2026-11-25 14:30');            // closed without a person's reply
  await texts('A', '+8613700000004', '2026-11-26 09:00', '人工');       // a second episode
  await reply('liu', 'A', '2026-11-26 09:10');
  await texts('G', '+8613700000007', '2026-11-26 15:00', '人工');       // nobody answers
  await texts('M', '+14155550177', '2026-11-27 10:00', 'hello');
  await action('liu', 'M', 'take-over', '2026-11-27 10:30');            // hand-off 'taken_over'
  await reply('liu', 'M', '2026-11-27 10:40');
  await action('liu', 'M', 'hand-back', '2026-11-27 10:45');            // back to the bot: ends 'auto' a day later
  await texts('N', '+8613700000011', '2026-11-27 11:00', '你好');
  await action('admin', 'N', 'assign', '2026-11-27 11:07', { assigneeId: wangId });   // hand-off 'assigned'
  await action('wang', 'N', 'snooze', '2026-11-27 11:10', { until: null });          // until the customer replies
  await texts('N', '+8613700000011', '2026-11-27 12:30', '还在吗');      // wakes it, same episode
  await reply('wang', 'N', '2026-11-27 13:40');
  await texts('B', '+8613700000008', '2026-11-27 17:00', '人工');       // Friday, an hour before the weekend
  at('2026-11-28 08:00');                                              // 调休: Saturday the 28th works as a Monday
  await as('admin').put('/api/settings', { makeUpWorkdays: [{ date: '2026-11-28', weekday: 1 }] }).expect(200);
  await texts('E', '+8613700000005', '2026-11-28 09:00', '人工');       // E again, on the make-up day
  await reply('wang', 'E', '2026-11-28 09:20');
  await action('wang', 'E', 'resolve', '2026-11-28 09:40');
  await texts('E', '+8613700000005', '2026-11-28 10:00', '谢谢');       // a text to the resolved thread: a third episode
  await reply('liu', 'B', '2026-11-30 10:00');                         // counted with the make-up day
  at('2026-11-30 10:05');                                              // taken back: B keeps the value it was given
  await as('admin').put('/api/settings', { makeUpWorkdays: [] }).expect(200);
  at('2026-11-30 11:00');
  await endQuietEpisodes(hx.ds, hx.clock.now());
}, 120_000);
afterAll(() => hx?.close());

describe('rebuilding the episodes', () => {
  it('writes exactly the rows the live writers wrote', async () => {
    const live = await allEpisodes();
    // The dataset walks what it means to: every way an episode ends, and times counted on the make-up day.
    expect(new Set(live.map((e) => e.resolvedBy))).toEqual(new Set(['agent', 'bot', 'auto', null]));
    expect(new Set(live.map((e) => e.handoffReason))).toEqual(new Set([null, 'rule', 'taken_over', 'assigned']));
    expect(live.find((e) => e.conversationId === conv.B)).toMatchObject({ firstResponseBusinessSeconds: 3600 + 7.5 * 3600 + 3600 });
    expect(live).toHaveLength(11);

    await hx.ds.manager.clear(ConversationEpisode);
    const done = await rebuildEpisodes(hx.ds, hx.clock.now());

    expect(done.episodes).toBe(11);
    expect(await allEpisodes()).toEqual(live);
  });

  it('run again, changes nothing, ids included', async () => {
    const withIds = () => hx.ds.manager.find(ConversationEpisode, { order: { id: 'ASC' } });
    const before = await withIds();
    await rebuildEpisodes(hx.ds, hx.clock.now());
    expect(await withIds()).toEqual(before);
  });

  it('keeps the ids of a conversation\'s rows, in order, where the live rows differ', async () => {
    const [first, second, third] = await hx.ds.manager.find(ConversationEpisode, { where: { conversationId: conv.E }, order: { id: 'ASC' } });
    // Damaged: the second row lost, the third's count wrong.
    await hx.ds.manager.delete(ConversationEpisode, { id: second!.id });
    await hx.ds.manager.update(ConversationEpisode, { id: third!.id }, { inboundCount: 9 });
    await rebuildEpisodes(hx.ds, hx.clock.now(), undefined, { conversationIds: [conv.E!] });
    const rebuilt = await hx.ds.manager.find(ConversationEpisode, { where: { conversationId: conv.E }, order: { id: 'ASC' } });
    expect(rebuilt.map((e) => e.id).slice(0, 2)).toEqual([first!.id, third!.id]);
    expect(rebuilt.map(({ id: _id, ...rest }) => rest)).toEqual([first, second, third].map((e) => { const { id: _id, ...rest } = e!; return rest; }));
  });
});
