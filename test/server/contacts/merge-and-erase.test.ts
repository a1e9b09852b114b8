import { createHmac } from 'node:crypto';
import { Like } from 'typeorm';
import { Appointment, ConsentEvent, Contact, Conversation, ConversationNote, Message, ScheduledJob, Service, SettingRow } from '../../../server/db/entities';
import type { ConversationView } from '../../../server/conversations/views';
import { Customer } from '../../support/customer';
import { eventually } from '../../support/test-server';
import { contactsSuite } from './support';

const suite = contactsSuite(async ({ admin }) => {
  await admin.post('/contact-attributes', { key: 'city', labels: { 'zh-CN': '城市' }, type: 'text' }).expect(201);
  await admin.post('/contact-attributes', { key: 'visits', labels: { en: 'Visits' }, type: 'number' }).expect(201);
});
const db = () => suite.hx.ds.manager;

/** Books the demo 洗牙 for `phone` on Wednesday 25 Nov 2026 at `hour`:00 in Shanghai (the suite's clock is Tuesday). */
async function book(phone: string, hour: number): Promise<number> {
  const service = await db().findOneByOrFail(Service, { name: '洗牙' });
  const startsAt = new Date(Date.UTC(2026, 10, 25, hour - 8)).toISOString();
  return (await suite.admin.post('/appointments', { contactPhone: phone, serviceId: service.id, startsAt }).expect(201)).body.id;
}

async function noteOn(phone: string, body: string): Promise<void> {
  const conv = await new Customer(suite.hx, phone).conversation();
  await suite.agent.post(`/conversations/${conv.id}/notes`, { body }).expect(201);
}

describe('merge', () => {
  it('moves the other\'s messages, notes, appointments with their jobs and consent proof into the kept contact; the stricter consent wins', async () => {
    const kept = new Customer(suite.hx, '+8613705800001');
    const other = new Customer(suite.hx, '+8613705800002');
    await kept.text('你好');
    await other.text('人工');
    await other.text('退订');
    await noteOn(other.phone, '同一个人，换了号码');
    const appt = await book(other.phone, 14);
    const keptId = (await kept.contact()).id;
    const otherId = (await other.contact()).id;
    await suite.agent.patch(`/contacts/${keptId}`, { tags: ['vip'], attributes: { visits: 2 }, marketingConsent: true }).expect(200);
    await suite.agent.patch(`/contacts/${otherId}`, { name: '欧阳明', tags: ['老客户', 'vip'], attributes: { visits: 9, city: '杭州' } }).expect(200);
    const keptConv = await kept.conversation();
    const otherConv = await other.conversation();
    const messagesBefore = await db().countBy(Message, { conversationId: keptConv.id }) + await db().countBy(Message, { conversationId: otherConv.id });
    const updates: ConversationView[] = [];
    const stop = suite.hx.bus.on('conversation:updated', (v) => updates.push(v));

    const res = await suite.admin.post(`/contacts/${keptId}/merge`, { otherId }).expect(200);
    stop();
    expect(res.body.merged).toMatchObject({ contactId: otherId, notes: 1, appointments: 1, consentEvents: 1 });
    expect(res.body.contact).toMatchObject({
      id: keptId, phone: kept.phone, name: '欧阳明', tags: ['vip', '老客户'], attributes: { visits: 2, city: '杭州' },
      optedOut: true, marketingConsent: false, appointmentsCount: 1, conversationId: keptConv.id,
    });
    expect(res.body.contact.consent.map((e: ConsentEvent) => `${e.kind}/${e.scope}`)).toEqual(expect.arrayContaining(['opt_out/all', 'opt_in/marketing']));

    await suite.agent.get(`/contacts/${otherId}`).expect(404);
    expect(await db().countBy(Message, { conversationId: keptConv.id })).toBe(messagesBefore);
    expect(await db().countBy(Message, { contactId: otherId })).toBe(0);
    expect(await db().findOneBy(Conversation, { id: otherConv.id })).toBeNull();
    expect(await db().findBy(ConversationNote, { conversationId: keptConv.id })).toEqual([expect.objectContaining({ body: '同一个人，换了号码' })]);
    expect(await db().findOneByOrFail(Appointment, { id: appt })).toMatchObject({ contactId: keptId });
    expect(await db().countBy(ScheduledJob, { uniqueKey: Like(`appointment_reminder:${appt}:%`), status: 'pending' })).toBeGreaterThan(0);
    expect(await db().countBy(ConsentEvent, { contactId: otherId })).toBe(0);
    // The kept thread keeps its own state and shows the newest of both histories, and the inbox hears of it.
    expect(await db().findOneByOrFail(Conversation, { id: keptConv.id })).toMatchObject({ status: keptConv.status, handledBy: keptConv.handledBy });
    expect(updates.map((v) => v.id)).toEqual([keptConv.id]);
    expect(updates[0].contact).toMatchObject({ id: keptId, optedOut: true });
  });

  it('a kept contact without a conversation takes the other\'s whole thread', async () => {
    const { body: kept } = await suite.agent.post('/contacts', { phone: '+8613705800011', name: '新建' }).expect(201);
    const other = new Customer(suite.hx, '+8613705800012');
    await other.text('你好');
    const otherConv = await other.conversation();
    const res = await suite.admin.post(`/contacts/${kept.id}/merge`, { otherId: otherConv.contactId }).expect(200);
    expect(res.body.contact).toMatchObject({ id: kept.id, name: '新建', conversationId: otherConv.id, lastActivityAt: expect.any(String) });
    expect(await db().findOneByOrFail(Conversation, { id: otherConv.id })).toMatchObject({ contactId: kept.id });
  });

  it('only admins merge; merging into itself is a 400 and an unknown contact a 404', async () => {
    const a = (await suite.agent.post('/contacts', { phone: '+8613705800021' }).expect(201)).body.id;
    const b = (await suite.agent.post('/contacts', { phone: '+8613705800022' }).expect(201)).body.id;
    await suite.agent.post(`/contacts/${a}/merge`, { otherId: b }).expect(403);
    expect((await suite.admin.post(`/contacts/${a}/merge`, { otherId: a }).expect(400)).body.error.field).toBe('otherId');
    await suite.admin.post(`/contacts/${a}/merge`, { otherId: 999999 }).expect(404);
    await suite.admin.post(`/contacts/999999/merge`, { otherId: a }).expect(404);
    expect((await suite.admin.post(`/contacts/${a}/merge`, {}).expect(400)).body.error.field).toBe('otherId');
    await suite.agent.get(`/contacts/${b}`).expect(200);
  });
});

describe('erase on request', () => {
  const phone = '+8613705900001';
  const name = '司马懿然';

  /** Every row of every table, as text. */
  async function everything(): Promise<string> {
    const dumps = await Promise.all(suite.hx.ds.entityMetadatas.map(async (m) => JSON.stringify(await db().query(`SELECT * FROM ${m.tableName}`))));
    return dumps.join('\n');
  }

  it('leaves nothing of the person in any table but the consent proof, keyed-hashed, unlinked and without detail', async () => {
    const customer = new Customer(suite.hx, phone);
    await customer.text(`我是${name}，想预约`);
    await customer.text('退订');
    const contact = await customer.contact();
    await suite.agent.patch(`/contacts/${contact.id}`, { name, tags: ['erase-me'], attributes: { city: '洛阳' } }).expect(200);
    await noteOn(phone, `${name}说下周再来`);
    const appt = await book(phone, 15);
    expect(await everything()).toContain(name);

    await suite.agent.delete(`/contacts/${contact.id}`).expect(403);
    const res = await suite.admin.delete(`/contacts/${contact.id}`).expect(200);
    expect(res.body).toEqual({ erased: true, keptConsentEvents: 1 });

    const all = await everything();
    for (const trace of [phone, phone.slice(3), name, '洛阳', '说下周再来']) expect(all).not.toContain(trace);
    expect(await db().findOneBy(Contact, { id: contact.id })).toBeNull();
    expect(await db().countBy(Appointment, { id: appt })).toBe(0);
    expect(await db().countBy(ScheduledJob, { uniqueKey: Like(`appointment_%:${appt}:%`) })).toBe(0);
    const key = (await db().findOneByOrFail(SettingRow, { key: 'privacy.hash_key' })).value as string;
    const proof = await db().findBy(ConsentEvent, { phoneHash: createHmac('sha256', key).update(phone).digest('hex') });
    expect(proof).toEqual([expect.objectContaining({ contactId: null, messageId: null, detail: null, kind: 'opt_out', scope: 'all', source: 'sms' })]);
    const audit = await suite.admin.get('/audit-log').expect(200);
    expect(audit.body.items[0]).toMatchObject({ entity: 'contact', key: `#${contact.id}`, operation: 'erase' });
    await suite.admin.delete(`/contacts/${contact.id}`).expect(404);
  });

  it('a number erased after opting out comes back opted out, whoever creates it: an agent, a booking or a text', async () => {
    const created = await suite.agent.post('/contacts', { phone, name: '新的人' }).expect(201);
    expect(created.body).toMatchObject({ optedOut: true, marketingOptedOut: false });
    expect((await suite.admin.delete(`/contacts/${created.body.id}`).expect(200)).body).toEqual({ erased: true, keptConsentEvents: 0 });

    await book(phone, 16);
    expect(await new Customer(suite.hx, phone).contact()).toMatchObject({ optedOut: true });
    await suite.admin.delete(`/contacts/${(await new Customer(suite.hx, phone).contact()).id}`).expect(200);

    const customer = new Customer(suite.hx, phone);
    await customer.text('你好');
    expect(await customer.contact()).toMatchObject({ optedOut: true });
  });

  it('a marketing-only refusal is kept the same way, and START after it is what counts', async () => {
    const refuser = new Customer(suite.hx, '+8613705900002');
    await refuser.text('别给我发广告');
    expect(await refuser.contact()).toMatchObject({ marketingOptedOut: true, optedOut: false });
    await suite.admin.delete(`/contacts/${(await refuser.contact()).id}`).expect(200);
    expect((await suite.agent.post('/contacts', { phone: refuser.phone }).expect(201)).body).toMatchObject({ marketingOptedOut: true, optedOut: false });

    const changedMind = new Customer(suite.hx, '+8613705900003');
    await changedMind.text('退订');
    await changedMind.text('START');
    await eventually(async () => !(await changedMind.contact()).optedOut);
    await suite.admin.delete(`/contacts/${(await changedMind.contact()).id}`).expect(200);
    expect((await suite.agent.post('/contacts', { phone: changedMind.phone }).expect(201)).body).toMatchObject({ optedOut: false });
  });
});
