import { checkedRequest as request } from '../../support/openapi-check';
import { Agent, Contact, Conversation, ConversationActivity, Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import type { BulkResponse, ConversationView, LabelCount, Page, StartedConversation } from '../../../server/inbox/socket-contract';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

let hx: TestHuixin;
let wang: string;
let liu: string;
let wangId: number;
let liuId: number;
beforeAll(async () => {
  hx = await startTestHuixin();
  wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  liu = await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD);
  wangId = (await hx.ds.manager.findOneByOrFail(Agent, { email: 'wang@clinic.example' })).id;
  liuId = (await hx.ds.manager.findOneByOrFail(Agent, { email: 'liu@clinic.example' })).id;
});
afterAll(async () => { await hx.close(); });

const api = (token: string) => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  patch: (path: string, body: object) => request(hx.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  post: (path: string, body: object) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
});

const list = async (query: string): Promise<Page<ConversationView>> => (await api(wang).get(`/api/conversations?${query}`).expect(200)).body as Page<ConversationView>;
const idsOf = (page: Page<ConversationView>) => page.items.map((c) => c.id);

/** A customer who has texted once (the bot answered): their conversation's id. */
async function threadOf(phone: string, text = '你好'): Promise<number> {
  const customer = new Customer(hx, phone);
  await customer.text(text);
  return (await customer.conversation()).id;
}

describe('labels and priority on a conversation', () => {
  let id: number;
  beforeAll(async () => { id = await threadOf('+8613700100001'); });

  it('sets labels (trimmed, lower-case, without repeats) and a priority, and the list, the thread and its activity say so', async () => {
    const res = await api(wang).patch(`/api/conversations/${id}`, { labels: [' VIP ', 'billing', 'vip'], priority: 'high' }).expect(200);
    expect(res.body).toMatchObject({ id, labels: ['vip', 'billing'], priority: 'high' });
    expect((await api(wang).get(`/api/conversations/${id}`).expect(200)).body).toMatchObject({ labels: ['vip', 'billing'], priority: 'high' });
    const lines = await hx.ds.manager.find(ConversationActivity, { where: { conversationId: id }, order: { id: 'ASC' } });
    expect(lines.map((l) => [l.kind, l.detail])).toEqual(expect.arrayContaining([
      ['labelled', { added: ['vip', 'billing'], removed: [] }], ['prioritised', { priority: 'high' }],
    ]));
  });

  it('takes a label off and clears the priority with null; saying the same again adds no line', async () => {
    await api(wang).patch(`/api/conversations/${id}`, { labels: ['billing'], priority: null }).expect(200);
    const before = await hx.ds.manager.countBy(ConversationActivity, { conversationId: id });
    const res = await api(wang).patch(`/api/conversations/${id}`, { labels: ['billing'], priority: null }).expect(200);
    expect(res.body).toMatchObject({ labels: ['billing'], priority: null });
    expect(await hx.ds.manager.countBy(ConversationActivity, { conversationId: id })).toBe(before);
  });

  it('lets any agent label a thread another agent owns: labels never text the customer', async () => {
    await api(liu).post(`/api/conversations/${id}/take-over`, {}).expect(200);
    await api(wang).patch(`/api/conversations/${id}`, { labels: ['billing', 'follow up'] }).expect(200);
  });

  it.each([
    [{ priority: 'critical' }, 'priority'],
    [{ labels: 'vip' }, 'labels'],
    [{ labels: ['ok', ''] }, 'labels.1'],
    [{ labels: ['a,b'] }, 'labels.0'],
    [{ labels: ['x'.repeat(41)] }, 'labels.0'],
    [{ labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }, 'labels'],
    [{ colour: 'red' }, undefined],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    const res = await api(wang).patch(`/api/conversations/${id}`, body).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', ...(field ? { field, path: field.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)) } : {}) });
  });

  it('refuses a body with neither labels nor priority, and a conversation nobody has', async () => {
    await api(wang).patch(`/api/conversations/${id}`, {}).expect(400);
    await api(wang).patch('/api/conversations/999999', { priority: 'low' }).expect(404);
  });
});

describe('an urgent hand-off', () => {
  it('arrives with priority urgent; a routine one has none', async () => {
    const urgent = new Customer(hx, '+8613700200001');
    await urgent.text('牙疼得厉害，睡不着');
    const routine = new Customer(hx, '+8613700200002');
    await routine.text('人工');
    expect(await urgent.conversation()).toMatchObject({ handoffReason: 'urgent', priority: 'urgent' });
    expect((await routine.conversation()).priority).toBeNull();
    expect(idsOf(await list('priority=urgent'))).toContain((await urgent.conversation()).id);
    expect(idsOf(await list('priority=urgent'))).not.toContain((await routine.conversation()).id);
  });
});

describe('the list filters', () => {
  const labelled: number[] = [];
  let other: number;
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const id = await threadOf(`+861370030000${i}`);
      await api(wang).patch(`/api/conversations/${id}`, { labels: ['recall'], priority: i % 2 ? 'low' : 'medium' }).expect(200);
      labelled.push(id);
    }
    other = await threadOf('+8613700300009');
  });

  it('by label: only the labelled ones, in pages that neither repeat nor skip', async () => {
    expect(new Set(idsOf(await list('label=recall')))).toEqual(new Set(labelled));
    expect(idsOf(await list('label=RECALL'))).toHaveLength(5);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<ConversationView> = await list(`label=recall&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...labelled].sort());
  });

  it('by priority, with a label, and "none"', async () => {
    expect(new Set(idsOf(await list('label=recall&priority=low')))).toEqual(new Set([labelled[1], labelled[3]]));
    const none = idsOf(await list('priority=none&limit=200'));
    expect(none).toContain(other);
    expect(none).not.toContain(labelled[0]);
  });

  it('by assignee, including nobody', async () => {
    await api(wang).post('/api/conversations/bulk', { ids: [labelled[0]], action: 'assign', assigneeId: wangId }).expect(200);
    expect(idsOf(await list(`label=recall&assignee=${wangId}`))).toEqual([labelled[0]]);
    expect(idsOf(await list('label=recall&assignee=none'))).not.toContain(labelled[0]);
  });

  it('by channel: the provider the texts came through', async () => {
    expect(idsOf(await list('label=recall&channel=generic'))).toHaveLength(5);
    expect(idsOf(await list('label=recall&channel=twilio'))).toEqual([]);
  });

  it('refuses a priority or channel it does not know, naming the parameter', async () => {
    expect((await api(wang).get('/api/conversations?priority=soon').expect(400)).body.error).toMatchObject({ field: 'priority', path: ['priority'] });
    expect((await api(wang).get('/api/conversations?channel=Not%20One').expect(400)).body.error).toMatchObject({ field: 'channel' });
  });

  it('lists the labels in use with their counts, most used first', async () => {
    const items = (await api(wang).get('/api/conversations/labels').expect(200)).body.items as LabelCount[];
    expect(items[0]).toEqual({ label: 'recall', count: 5 });
    expect(items).toEqual(expect.arrayContaining([{ label: 'billing', count: 1 }, { label: 'follow up', count: 1 }]));
  });
});

describe('bulk actions', () => {
  let mine: number[];
  let liusOwn: number;
  beforeAll(async () => {
    mine = [await threadOf('+8613700400001', '人工'), await threadOf('+8613700400002', '人工')];
    for (const id of mine) await api(wang).post(`/api/conversations/${id}/take-over`, {}).expect(200);
    liusOwn = await threadOf('+8613700400003', '人工');
    await api(liu).post(`/api/conversations/${liusOwn}/take-over`, {}).expect(200);
  });

  it('resolves the rest when one id is someone else\'s and one is gone, and says which failed and why', async () => {
    const res = await api(wang).post('/api/conversations/bulk', { ids: [mine[0], liusOwn, 999999, mine[1]], action: 'resolve' }).expect(200);
    expect((res.body as BulkResponse).results).toEqual([
      { id: mine[0], ok: true },
      { id: liusOwn, ok: false, code: 'not_assignee', message: expect.any(String) },
      { id: 999999, ok: false, code: 'not_found', message: expect.any(String) },
      { id: mine[1], ok: true },
    ]);
    for (const id of mine) expect((await hx.ds.manager.findOneByOrFail(Conversation, { id })).status).toBe('resolved');
    expect((await hx.ds.manager.findOneByOrFail(Conversation, { id: liusOwn })).status).toBe('open');
    expect(await hx.ds.manager.countBy(ConversationActivity, { conversationId: mine[1], kind: 'resolved' })).toBe(1);
  });

  it('labels and unlabels each one, keeping their other labels', async () => {
    await api(wang).patch(`/api/conversations/${mine[0]}`, { labels: ['keep'] }).expect(200);
    const res = await api(wang).post('/api/conversations/bulk', { ids: [...mine, 999999], action: 'label', label: 'Insurance' }).expect(200);
    expect((res.body as BulkResponse).results.map((r) => r.ok)).toEqual([true, true, false]);
    expect((await hx.ds.manager.findOneByOrFail(Conversation, { id: mine[0] })).labels).toEqual(['keep', 'insurance']);
    expect(new Set(idsOf(await list('label=insurance')))).toEqual(new Set(mine));
    await api(wang).post('/api/conversations/bulk', { ids: mine, action: 'unlabel', label: 'insurance' }).expect(200);
    expect(idsOf(await list('label=insurance'))).toEqual([]);
    expect((await hx.ds.manager.findOneByOrFail(Conversation, { id: mine[0] })).labels).toEqual(['keep']);
  });

  it('assigns under the same rule as one at a time: an agent cannot hand over another agent\'s thread', async () => {
    const res = await api(wang).post('/api/conversations/bulk', { ids: [mine[0], liusOwn], action: 'assign', assigneeId: liuId }).expect(200);
    expect((res.body as BulkResponse).results).toEqual([{ id: mine[0], ok: true }, { id: liusOwn, ok: false, code: 'not_assignee', message: expect.any(String) }]);
    expect((await hx.ds.manager.findOneByOrFail(Conversation, { id: mine[0] })).assigneeId).toBe(liuId);
  });

  it.each([
    [{ ids: [], action: 'resolve' }, 'ids'],
    [{ ids: Array.from({ length: 101 }, (_, i) => i + 1), action: 'resolve' }, 'ids'],
    [{ ids: [1], action: 'archive' }, 'action'],
    [{ ids: [1], action: 'label' }, 'label'],
    [{ ids: [1], action: 'assign' }, 'assigneeId'],
    [{ ids: ['1'], action: 'resolve' }, 'ids.0'],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    expect((await api(wang).post('/api/conversations/bulk', body).expect(400)).body.error).toMatchObject({ code: 'invalid_field', field });
  });
});

describe('starting a conversation', () => {
  it('texts a new number through the outbox, and the agent who started it owns the thread', async () => {
    const res = await api(wang).post('/api/conversations', { phone: '137 0050 0001', name: '新病人', body: '您好，这里是诊所，您的检查报告已出。' }).expect(201);
    const started = res.body as StartedConversation;
    expect(started.conversation).toMatchObject({ handledBy: 'human', assigneeId: wangId, status: 'open', contact: { phone: '+8613700500001', name: '新病人' } });
    expect(started.message).toMatchObject({ direction: 'out', origin: 'agent', agentId: wangId });
    const customer = new Customer(hx, '+8613700500001');
    const sent = await eventually(async () => (await customer.replies()).find((m) => m.status === 'delivered' || m.status === 'sent'));
    expect(sent.body).toContain('您的检查报告已出');
    expect(idsOf(await list('view=mine'))).toContain(started.conversation.id);
  });

  it('reopens a known contact\'s resolved thread instead of making a second one', async () => {
    const id = await threadOf('+8613700500002');
    await api(wang).post(`/api/conversations/${id}/take-over`, {}).expect(200);
    await api(wang).post(`/api/conversations/${id}/resolve`, {}).expect(200);
    const res = await api(wang).post('/api/conversations', { phone: '+8613700500002', body: '复诊提醒' }).expect(201);
    expect((res.body as StartedConversation).conversation).toMatchObject({ id, status: 'open', assigneeId: wangId });
  });

  it('refuses a contact who opted out with 409 opted_out and stores nothing', async () => {
    const customer = new Customer(hx, '+8613700500003');
    await customer.text('STOP');
    expect((await customer.contact()).optedOut).toBe(true);
    const before = await hx.ds.manager.count(Message);
    const res = await api(wang).post('/api/conversations', { phone: '+8613700500003', body: '您好' }).expect(409);
    expect(res.body.error.code).toBe('opted_out');
    expect(await hx.ds.manager.count(Message)).toBe(before);
    expect((await customer.conversation()).assigneeId).toBeNull();
  });

  it('refuses a thread another agent owns (take it over first), and a number that is not one', async () => {
    const id = await threadOf('+8613700500004', '人工');
    await api(liu).post(`/api/conversations/${id}/take-over`, {}).expect(200);
    expect((await api(wang).post('/api/conversations', { phone: '+8613700500004', body: 'hi' }).expect(409)).body.error.code).toBe('not_assignee');
    const bad = await api(wang).post('/api/conversations', { phone: 'not a number', body: 'hi' }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'phone' });
    expect(await hx.ds.manager.countBy(Contact, { phone: 'not a number' })).toBe(0);
    expect((await api(wang).post('/api/conversations', { phone: '+8613700500005', body: '  ' }).expect(400)).body.error.field).toBe('body');
  });
});

describe('labels when contacts merge or are erased', () => {
  it('a merge keeps both threads\' labels and the more pressing priority; an erasure leaves no label behind', async () => {
    const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
    const [kept, other] = [new Customer(hx, '+8613700600001'), new Customer(hx, '+8613700600002')];
    const keptId = await threadOf(kept.phone);
    const otherId = await threadOf(other.phone);
    await api(wang).patch(`/api/conversations/${keptId}`, { labels: ['merged-a'], priority: 'low' }).expect(200);
    await api(wang).patch(`/api/conversations/${otherId}`, { labels: ['merged-b', 'merged-a'], priority: 'high' }).expect(200);
    await api(admin).post(`/api/contacts/${(await kept.contact()).id}/merge`, { otherId: (await other.contact()).id }).expect(200);
    expect(await hx.ds.manager.findOneByOrFail(Conversation, { id: keptId })).toMatchObject({ labels: ['merged-a', 'merged-b'], priority: 'high' });
    expect(idsOf(await list('label=merged-b'))).toEqual([keptId]);

    await request(hx.url).delete(`/api/contacts/${(await kept.contact()).id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(idsOf(await list('label=merged-a'))).toEqual([]);
    const labels = (await api(wang).get('/api/conversations/labels').expect(200)).body.items as LabelCount[];
    expect(labels.map((l) => l.label)).not.toContain('merged-a');
  });
});
