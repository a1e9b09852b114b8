import { checkedRequest as request } from '../../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { AgentNotification } from '../../../server/db/entities';
import type { NotificationPage } from '../../../server/notifications/notification-contract';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, nextEvent, type AgentSocket } from '../inbox/inbox-client';

let hx: TestHuixin;
let wangToken: string;
let liuToken: string;
let adminToken: string;
const ids: Record<'wang' | 'liu' | 'admin', number> = { wang: 0, liu: 0, admin: 0 };
const sockets: AgentSocket[] = [];

beforeAll(async () => {
  hx = await startTestHuixin();
  [wangToken, liuToken, adminToken] = await Promise.all([
    hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD), hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD), hx.loginAs(ADMIN.email, ADMIN.password),
  ]);
  for (const [who, token] of [['wang', wangToken], ['liu', liuToken], ['admin', adminToken]] as const) {
    ids[who] = (await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200)).body.agent.id;
  }
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  // Each test counts its own: what earlier tests rang is read already.
  await hx.ds.manager.createQueryBuilder().update(AgentNotification).set({ readAt: new Date() }).where('read_at IS NULL').execute();
});
afterAll(() => hx.close());

let n = 0;
const newCustomer = () => new Customer(hx, `+86136014${String(++n).padStart(5, '0')}`);
const as = (token: string) => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
});
const bell = async (token: string): Promise<NotificationPage> => (await as(token).get('/api/notifications').expect(200)).body;
const rowsFor = (conversationId: number) => hx.ds.manager.find(AgentNotification, { where: { conversationId }, order: { id: 'ASC' } });

describe('notifications in the app (the bell)', () => {
  it('rings the mentioned colleague, not the note’s author, with the note as its preview', async () => {
    const customer = newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    await as(wangToken).post(`/api/conversations/${id}/notes`, { body: '@liu 请看一下这位 @王芳' }).expect(201);

    expect((await rowsFor(id)).map((r) => [r.agentId, r.kind])).toEqual([[ids.liu, 'mention']]);
    const page = await bell(liuToken);
    expect(page.unread).toBe(1);
    expect(page.items[0]).toMatchObject({ kind: 'mention', conversationId: id, actorName: '王芳', contact: { name: null, phone: customer.phone }, preview: '@liu 请看一下这位 @王芳', read: false });
    expect((await bell(wangToken)).unread).toBe(0);
  });

  it('rings an agent a colleague assigns a conversation to, but not one who takes it themselves', async () => {
    const customer = newCustomer();
    await customer.text('我想问一下');
    const { id } = await customer.conversation();
    await as(wangToken).post(`/api/conversations/${id}/assign`, { assigneeId: ids.wang }).expect(200);
    await as(wangToken).post(`/api/conversations/${id}/take-over`).expect(200);
    expect(await rowsFor(id)).toEqual([]);

    await as(adminToken).post(`/api/conversations/${id}/assign`, { assigneeId: ids.liu }).expect(200);
    expect((await rowsFor(id)).map((r) => [r.agentId, r.kind, r.actorAgentId])).toEqual([[ids.liu, 'assigned', ids.admin]]);
    expect((await bell(liuToken)).items[0]).toMatchObject({ kind: 'assigned', actorName: 'Admin', preview: '我想问一下' });
  });

  it('rings the agent round-robin hands a waiting customer to', async () => {
    sockets.push(await connectAgent(hx.url, wangToken));   // online, so round-robin has someone to give it to
    const customer = newCustomer();
    await customer.text('人工');
    const { id } = await customer.conversation();
    await eventually(async () => (await customer.conversation()).assigneeId === ids.wang);
    expect((await rowsFor(id)).map((r) => [r.agentId, r.kind, r.actorAgentId])).toEqual([[ids.wang, 'assigned', null]]);
    expect((await bell(wangToken)).items[0]).toMatchObject({ kind: 'assigned', actorName: null, preview: '人工' });
  });

  it('rings every active agent, admins included, once for an urgent hand-off, and again after it was resolved', async () => {
    const customer = newCustomer();
    await customer.text('牙疼得厉害，还在流血');
    const { id, handoffReason } = await customer.conversation();
    expect(handoffReason).toBe('urgent');
    const urgent = async () => (await rowsFor(id)).filter((r) => r.kind === 'urgent').map((r) => r.agentId).sort((a, b) => a - b);
    const everyone = [ids.wang, ids.liu, ids.admin];
    expect(await urgent()).toEqual(expect.arrayContaining(everyone));
    const once = await urgent();
    expect(new Set(once).size).toBe(once.length);
    expect((await bell(adminToken)).items[0]).toMatchObject({ kind: 'urgent', actorName: null, preview: '牙疼得厉害，还在流血' });

    await customer.text('还是很疼，一直在流血');   // the same wait: announced already
    expect(await urgent()).toEqual(once);

    await as(adminToken).post(`/api/conversations/${id}/resolve`).expect(200);
    await customer.text('又开始流血了，很疼');       // a new episode rings again
    expect((await urgent()).length).toBe(2 * once.length);
  });

  it('lists an agent’s own newest first in pages, counts the unread, and marks read by id, by conversation or all', async () => {
    const customers = [newCustomer(), newCustomer(), newCustomer()];
    const convIds: number[] = [];
    for (const c of customers) {
      await c.text('你好');
      const { id } = await c.conversation();
      convIds.push(id);
      await as(wangToken).post(`/api/conversations/${id}/notes`, { body: '@liu 跟进一下' }).expect(201);
    }
    const first = (await as(liuToken).get('/api/notifications?limit=2').expect(200)).body as NotificationPage;
    expect(first.unread).toBe(3);
    expect(first.items.map((i) => i.conversationId)).toEqual([convIds[2], convIds[1]]);
    const second = (await as(liuToken).get(`/api/notifications?limit=2&before=${first.nextCursor}`).expect(200)).body as NotificationPage;
    expect(second.items[0]!.conversationId).toBe(convIds[0]);

    expect((await as(liuToken).post('/api/notifications/read', { ids: [first.items[0]!.id] }).expect(200)).body).toMatchObject({ unread: 2 });
    expect((await as(liuToken).post('/api/notifications/read', { conversationId: convIds[1] }).expect(200)).body).toMatchObject({ unread: 1 });
    expect((await bell(liuToken)).items.map((i) => i.read)).toEqual(expect.arrayContaining([true, true, false]));
    expect((await as(liuToken).post('/api/notifications/read', { all: true }).expect(200)).body).toEqual({ ids: [second.items[0]!.id], unread: 0 });

    const refused = await as(liuToken).post('/api/notifications/read', { all: true, ids: [1] }).expect(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_field' });
    expect((await as(liuToken).get('/api/notifications?limit=0').expect(400)).body.error).toMatchObject({ field: 'limit' });
  });

  it('never shows or clears another agent’s notifications', async () => {
    const customer = newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    await as(wangToken).post(`/api/conversations/${id}/notes`, { body: '@liu 看下' }).expect(201);
    const [liuRow] = await rowsFor(id);
    expect((await bell(wangToken)).items.map((i) => i.id)).not.toContain(liuRow!.id);
    expect((await as(wangToken).post('/api/notifications/read', { ids: [liuRow!.id] }).expect(200)).body).toEqual({ ids: [], unread: 0 });
    expect((await as(wangToken).post('/api/notifications/read', { conversationId: id }).expect(200)).body.ids).toEqual([]);
    expect((await bell(liuToken)).unread).toBe(1);
    await request(hx.url).get('/api/notifications').expect(401);
  });

  it('brings a new one live to the agent’s own sockets only, and tells their other tab when it is read', async () => {
    const liuTab = await connectAgent(hx.url, liuToken);
    const liuOtherTab = await connectAgent(hx.url, liuToken);
    const wang = await connectAgent(hx.url, wangToken);
    sockets.push(liuTab, liuOtherTab, wang);
    const customer = newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    let wangHeard = 0;
    wang.on('notification:created', () => { wangHeard += 1; });

    const arrived = nextEvent(liuTab, 'notification:created', (x) => x.conversationId === id);
    await as(wangToken).post(`/api/conversations/${id}/notes`, { body: '@刘洋 这个客户交给你' }).expect(201);
    expect(await arrived).toMatchObject({ kind: 'mention', actorName: '王芳', preview: '@刘洋 这个客户交给你', read: false });

    const dropped = nextEvent(liuOtherTab, 'notification:read', (r) => r.unread === 0);
    await as(liuToken).post('/api/notifications/read', { conversationId: id }).expect(200);
    expect((await dropped).ids).toHaveLength(1);
    await eventually(async () => (await bell(liuToken)).unread === 0);
    expect(wangHeard).toBe(0);
  });
});
