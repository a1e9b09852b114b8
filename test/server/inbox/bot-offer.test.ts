import request from 'supertest';
import { Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { appointment, book, demoClinic, local } from '../appointments/support';

// Issue 14 item 9: "do what the bot would have done" when that was offering free times for a vague one.
const clinic = demoClinic('+86135019');
let wang: string;
let liu: string;
beforeAll(async () => {
  [wang, liu] = await Promise.all([clinic.hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD), clinic.hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)]);
});

const as = (token: string) => ({
  get: (path: string) => request(clinic.hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(clinic.hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
});

/** A booked customer whose thread 王芳 owns, and the text the bot stood back from. */
async function inWangsThread(text: string) {
  const customer = clinic.newCustomer();
  const { id: apptId } = await book(clinic.hx, { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: local('2026-11-27 10:00') });
  await customer.text('人工');
  const { id } = await customer.conversation();
  await as(wang).post(`/api/conversations/${id}/take-over`).expect(200);
  const messageId = await customer.text(text);
  return { customer, id, apptId, messageId };
}

describe('sending the offer the bot would have sent, from a person\'s thread', () => {
  it('texts the lettered free times as this agent, and the customer\'s "A" then moves the visit though the thread stays the agent\'s', async () => {
    const { customer, id, apptId, messageId } = await inWangsThread('可以改到明天下午吗');
    const stood = await clinic.hx.ds.manager.findOneByOrFail(Message, { id: messageId });
    expect(stood.decision?.trace.botWouldHave).toMatchObject({ action: 'appointment.reschedule' });

    const sent = (await as(wang).post(`/api/conversations/${id}/bot-offer`, { messageId }).expect(201)).body;
    expect(sent).toMatchObject({ direction: 'out', origin: 'agent', body: expect.stringMatching(/A[\s\S]*B/) });
    const row = await clinic.hx.ds.manager.findOneByOrFail(Message, { id: sent.id });
    expect(row.templateKey).toBe('reschedule_offer');
    const conv = await customer.conversation();
    expect(conv).toMatchObject({ handledBy: 'human', awaiting: { menu: 'reschedule_offer' } });
    const slotA = conv.awaitingContext!.slots!.A;
    // In the window asked for: Wednesday 25 November, the afternoon.
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' }).format(new Date(slotA))).toBe('2026-11-25');
    expect(Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date(slotA)))).toBeGreaterThanOrEqual(12);

    const activity = (await as(liu).get(`/api/conversations/${id}/activity`).expect(200)).body.items;
    expect(activity.at(-1)).toMatchObject({ kind: 'slots_offered', actor: 'agent', actorName: '王芳', detail: { slots: expect.arrayContaining([slotA]) } });

    await customer.text('A');
    expect((await appointment(clinic.hx, apptId)).startsAt.toISOString()).toBe(slotA);
    expect((await customer.lastReply())?.templateKey).toBe('appointment_rescheduled');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', assigneeId: expect.any(Number), awaiting: null });
  });

  it('refuses a message the bot would not have answered with times, a colleague\'s thread, and another thread\'s message', async () => {
    const { id, messageId } = await inWangsThread('我确认预约，到时候会去');
    expect((await as(wang).post(`/api/conversations/${id}/bot-offer`, { messageId }).expect(409)).body.error.code).toBe('no_offer');
    const other = await inWangsThread('能改到下周吗');
    expect((await as(liu).post(`/api/conversations/${other.id}/bot-offer`, { messageId: other.messageId }).expect(409)).body.error.code).toBe('not_assignee');
    expect((await as(wang).post(`/api/conversations/${id}/bot-offer`, { messageId: other.messageId }).expect(400)).body.error).toMatchObject({ field: 'messageId' });
    expect(await clinic.hx.ds.manager.countBy(Message, { conversationId: other.id, templateKey: 'reschedule_offer' })).toBe(0);
  });
});
