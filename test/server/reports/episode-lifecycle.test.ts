import { checkedRequest as request } from '../../support/openapi-check';
import { ConversationEpisode } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { endQuietEpisodes } from '../../../server/reports/quiet-episodes';
import { Customer } from '../../support/customer';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { local } from '../appointments/support';

// The edges of an episode's life that the week in conversation-figures.test.ts does not walk through.

let hx: TestHuixin;
let admin: string;
let wang: string;
const post = (token: string, path: string, body: object = {}) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
const episodesOf = async (customer: Customer) =>
  hx.ds.manager.find(ConversationEpisode, { where: { conversationId: (await customer.conversation()).id }, order: { id: 'ASC' } });

beforeAll(async () => {
  hx = await startTestHuixin();
  admin = await hx.loginAs(ADMIN.email, ADMIN.password);
  wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
});
afterAll(() => hx?.close());

describe('an episode a person took part in and handed back', () => {
  it('ends "auto" by the quiet rule, not bot-resolved', async () => {
    hx.clock.set(local('2026-12-01 10:00'));
    const customer = new Customer(hx, '+8613600000001');
    await customer.text('人工');
    const { id } = await customer.conversation();
    hx.clock.set(local('2026-12-01 10:05'));
    await post(wang, `/api/conversations/${id}/messages`, { body: '您好' }).expect(201);
    await post(wang, `/api/conversations/${id}/hand-back`).expect(200);
    hx.clock.set(local('2026-12-02 10:00'));
    await endQuietEpisodes(hx.ds, hx.clock.now());
    expect(await episodesOf(customer)).toMatchObject([{ resolvedBy: 'auto', botResolved: false, resolvedAt: local('2026-12-02 10:00'), openFor: null }]);
  });
});

describe('an admin assigning a bot thread to an agent', () => {
  it('is the episode\'s hand-off, reason "assigned"', async () => {
    hx.clock.set(local('2026-12-03 10:00'));
    const customer = new Customer(hx, '+8613600000002');
    await customer.text('你好');
    const { id } = await customer.conversation();
    const agents = (await request(hx.url).get('/api/agents').set('Authorization', `Bearer ${admin}`).expect(200)).body.items as Array<{ id: number; email: string }>;
    hx.clock.set(local('2026-12-03 10:07'));
    await post(admin, `/api/conversations/${id}/assign`, { assigneeId: agents.find((a) => a.email === 'wang@clinic.example')!.id }).expect(200);
    expect(await episodesOf(customer)).toMatchObject([{ handoffReason: 'assigned', handoffAt: local('2026-12-03 10:07') }]);
  });
});

describe('texts racing to open an episode', () => {
  it('two texts at once to a resolved thread open one episode', async () => {
    hx.clock.set(local('2026-12-04 10:00'));
    const customer = new Customer(hx, '+8613600000003');
    await customer.text('人工');
    const { id } = await customer.conversation();
    await post(wang, `/api/conversations/${id}/resolve`).expect(200);
    hx.clock.set(local('2026-12-04 11:00'));
    await Promise.all([customer.text('在吗'), customer.text('在吗？')]);
    const episodes = await episodesOf(customer);
    expect(episodes).toHaveLength(2);
    expect(episodes[1]).toMatchObject({ openFor: id, inboundCount: 2 });
  });
});

describe('contacts merged and erased', () => {
  it('a merge moves the other\'s episodes; of two open ones, the other\'s ends', async () => {
    hx.clock.set(local('2026-12-05 10:00'));
    const kept = new Customer(hx, '+8613600000004');
    const other = new Customer(hx, '+8613600000005');
    await kept.text('人工');
    await other.text('人工');
    const [keptContact, otherContact] = [await kept.contact(), await other.contact()];
    const [otherEpisode] = await episodesOf(other);
    hx.clock.set(local('2026-12-05 10:30'));
    await post(admin, `/api/contacts/${keptContact.id}/merge`, { otherId: otherContact.id }).expect(200);
    const episodes = await episodesOf(kept);
    expect(episodes.map((e) => [e.id, e.contactId, e.openFor === null])).toEqual([
      [expect.any(Number), keptContact.id, false], [otherEpisode!.id, keptContact.id, true],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)));
    expect(episodes.find((e) => e.id === otherEpisode!.id)).toMatchObject({ resolvedBy: 'auto', resolvedAt: local('2026-12-05 10:30') });
  });

  it('erasing a contact erases their episodes', async () => {
    const customer = new Customer(hx, '+8613600000006');
    await customer.text('人工');
    const contact = await customer.contact();
    await request(hx.url).delete(`/api/contacts/${contact.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(await hx.ds.manager.countBy(ConversationEpisode, { contactId: contact.id })).toBe(0);
    // The counts the figures read (report_rollups, kind 'episode') lose theirs too: every episode left, and no other.
    const [{ n }] = await hx.ds.query("SELECT SUM(n) AS n FROM report_rollups WHERE grain = 'd' AND dim = 'all' AND kind = 'episode' AND state = 'started'");
    expect(Number(n)).toBe(await hx.ds.manager.count(ConversationEpisode));
  });
});

describe('a business in a half-hour time zone', () => {
  it('counts each text and episode in its own local hour (India, UTC+5:30)', async () => {
    // 02:45 UTC is 08:15 in Kolkata: hour 8, though its UTC hour starts at 07:30 there.
    hx.clock.set('2026-12-10T02:45:00Z');
    admin = await hx.loginAs(ADMIN.email, ADMIN.password);   // a session from two weeks ago has lapsed
    await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${admin}`).send({ timezone: 'Asia/Kolkata' }).expect(200);
    await new Customer(hx, '+8613600000007').text('你好');
    const body = (await request(hx.url).get('/api/reports/conversations?from=2026-12-10&to=2026-12-10').set('Authorization', `Bearer ${admin}`).expect(200)).body;
    expect(body.byHour.filter((h: { inbound: number }) => h.inbound > 0)).toEqual([{ hour: 8, inbound: 1, episodes: 1 }]);
    expect(body.byDay).toEqual([expect.objectContaining({ date: '2026-12-10', inbound: 1, episodes: 1 })]);
  });
});
