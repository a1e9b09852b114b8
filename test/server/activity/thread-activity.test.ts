import request from 'supertest';
import type { ActivityView } from '../../../server/activity/activity-contract';
import { ConversationActivity } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { connectAgent, nextEvent } from '../inbox/inbox-client';
import { ADMIN } from '../../support/test-server';
import { demoClinic, remindedCustomer } from '../appointments/support';

const clinic = demoClinic('+86135014');
let wang: string;
let liu: string;
beforeAll(async () => {
  [wang, liu] = await Promise.all([clinic.hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD), clinic.hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)]);
});

const as = (token: string) => ({
  get: (path: string) => request(clinic.hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(clinic.hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
});
const activity = async (id: number): Promise<ActivityView[]> => (await as(wang).get(`/api/conversations/${id}/activity`).expect(200)).body.items;
/** Each line as "kind:actor:name", the way the thread reads it. */
const lines = async (id: number) => (await activity(id)).map((a) => [a.kind, a.actor, a.actorName].filter(Boolean).join(':'));

describe('the thread tells who changed the conversation', () => {
  it('writes one line per change an agent makes, with their name, and none for a refused or empty one', async () => {
    const customer = clinic.newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    expect(await lines(id)).toEqual([]);   // a text the bot answers adds nothing

    await as(wang).post(`/api/conversations/${id}/take-over`).expect(200);
    await as(wang).post(`/api/conversations/${id}/take-over`).expect(200);   // already theirs: nothing changes
    await as(liu).post(`/api/conversations/${id}/resolve`).expect(409);      // refused: not theirs
    await as(liu).post(`/api/conversations/${id}/take-over`).expect(200);
    await as(liu).post(`/api/conversations/${id}/snooze`, { until: new Date(clinic.hx.clock.now().getTime() + 3_600_000).toISOString() }).expect(200);
    await as(liu).post(`/api/conversations/${id}/reopen`).expect(200);
    await as(liu).post(`/api/conversations/${id}/resolve`).expect(200);
    await as(liu).post(`/api/conversations/${id}/hand-back`).expect(200);

    expect(await lines(id)).toEqual([
      'taken_over:agent:王芳', 'taken_over:agent:刘洋', 'snoozed:agent:刘洋', 'reopened:agent:刘洋', 'resolved:agent:刘洋', 'handed_back:agent:刘洋',
    ]);
    const [, second, snoozed] = await activity(id);
    expect(second.detail).toMatchObject({ agentName: '王芳' });   // taken from whom
    expect(snoozed.detail.until).toEqual(expect.any(String));
  });

  it('says whom an admin assigned the thread to, and that it was unassigned', async () => {
    const customer = clinic.newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    const admin = await clinic.hx.loginAs(ADMIN.email, ADMIN.password);
    const liuId = (await as(admin).get('/api/agents').expect(200)).body.items.find((a: { name: string }) => a.name === '刘洋').id;
    await as(admin).post(`/api/conversations/${id}/assign`, { assigneeId: liuId }).expect(200);
    await as(admin).post(`/api/conversations/${id}/assign`, { assigneeId: null }).expect(200);
    await as(admin).post(`/api/conversations/${id}/assign`, { assigneeId: null }).expect(200);   // nobody to unassign
    const [assigned, unassigned, ...rest] = await activity(id);
    expect(assigned).toMatchObject({ kind: 'assigned', actor: 'agent', detail: { agentId: liuId, agentName: '刘洋' } });
    expect(unassigned).toMatchObject({ kind: 'unassigned', detail: { agentId: liuId } });
    expect(rest).toEqual([]);
  });

  it('records the bot handing off with its reason, once, in the same step as the text', async () => {
    const customer = clinic.newCustomer();
    await customer.text('人工');
    const { id } = await customer.conversation();
    const own = (await activity(id)).filter((a) => a.id.startsWith('c'));
    expect(own[0]).toMatchObject({ kind: 'handed_off', actor: 'bot', detail: { reason: expect.any(String) } });
    // Round-robin may then assign it (a system line); nothing else.
    expect(own.slice(1).every((a) => a.kind === 'assigned' && a.actor === 'system')).toBe(true);
  });

  it('shows the contact\'s appointment confirmed by the customer and their opt-out', async () => {
    const { customer } = await remindedCustomer(clinic, '2026-11-30');
    await customer.text('1');
    await customer.text('TD');
    const { id } = await customer.conversation();
    const items = await activity(id);
    expect(items.map((a) => `${a.kind}:${a.actor}`)).toEqual(expect.arrayContaining(['appointment_booked:system', 'appointment_confirmed:customer', 'opted_out:customer']));
    expect(items.find((a) => a.kind === 'appointment_confirmed')?.detail.startsAt).toBe('2026-12-02T02:00:00.000Z');
    expect((await as(wang).get(`/api/conversations/${id}/activity`)).body.timezone).toBe('Asia/Shanghai');
  });

  it('sends a new line live to whoever shows the thread', async () => {
    const customer = clinic.newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    const socket = await connectAgent(clinic.hx.url, liu);
    try {
      await socket.timeout(5000).emitWithAck('conversation:view', { conversationId: id });
      const seen = nextEvent(socket, 'activity:created', (a) => a.conversationId === id);
      await as(wang).post(`/api/conversations/${id}/take-over`).expect(200);
      expect(await seen).toMatchObject({ kind: 'taken_over', actor: 'agent', actorName: '王芳' });
    } finally {
      socket.close();
    }
  });

  it('leaves no line when the service refuses the change', async () => {
    const customer = clinic.newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    await as(wang).post(`/api/conversations/${id}/resolve`).expect(200);
    await as(wang).post(`/api/conversations/${id}/snooze`, { until: null }).expect(409);   // a resolved thread cannot be snoozed
    expect(await clinic.hx.ds.manager.countBy(ConversationActivity, { conversationId: id })).toBe(1);
  });
});
