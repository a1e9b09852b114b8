import request from 'supertest';
import type { MessageView } from '../../../server/conversations/views';
import { appointment, bearer, book, demoClinic, local, waitForTemplate } from './support';

/**
 * Menu answers the bot used to drop on a person: a "1" when no menu is open, and a reminder's "1" in a thread a
 * person owns. Each test lives in a week of its own (the clock only moves forward).
 */
const clinic = demoClinic('+86137004');

describe('a menu answer with no menu open', () => {
  it('with one upcoming appointment asks to confirm or move it, and "1" then confirms it', async () => {
    const { hx, cleaningId } = clinic;
    hx.clock.set(local('2027-03-01 11:00'));
    const customer = clinic.newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-04 10:00') });

    await customer.text('1');
    const question = await customer.lastReply();
    expect(question?.templateKey).toBe('appointment_check');
    expect(question?.body).toContain('确认3月4日(周四) 10:00的洗牙吗？回复1确认，2改期');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'bot', awaiting: { menu: 'appointment_check' }, awaitingContext: { appointmentId: id } });

    await customer.text('1');
    expect((await appointment(hx, id)).status).toBe('confirmed');
    expect((await customer.lastReply())?.templateKey).toBe('appointment_confirmed');
  });

  it('with two upcoming appointments asks which one; "B" asks about the second and "2" offers it new times', async () => {
    const { hx, cleaningId } = clinic;
    hx.clock.set(local('2027-03-08 11:00'));
    const customer = clinic.newCustomer();
    await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-10 10:00') });
    const second = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-16 15:00') });

    await customer.text('确认');
    const which = await customer.lastReply();
    expect(which?.templateKey).toBe('appointment_choose');
    expect(which?.body).toContain('您有2个预约：A 3月10日(周三) 10:00 洗牙；B 3月16日(周二) 15:00 洗牙；');

    await customer.text('B');
    expect((await customer.lastReply())?.body).toContain('确认3月16日(周二) 15:00的洗牙吗');
    await customer.text('2');
    expect((await customer.lastReply())?.templateKey).toBe('reschedule_offer');
    expect((await customer.conversation()).awaitingContext?.appointmentId).toBe(second.id);
    expect(await customer.conversation()).toMatchObject({ handledBy: 'bot' });
  });

  it('with no appointment gets help instead of a person', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-03-15 11:00'));
    const customer = clinic.newCustomer();
    await customer.text('谢谢');
    await customer.text('2');
    expect((await customer.lastReply())?.templateKey).toBe('help');
    expect((await customer.conversation()).handledBy).toBe('bot');
  });
});

describe('a reminder sent while a person owns the thread', () => {
  it('is answered by the bot, the owner sees it, the thread stays theirs, and anything else still waits for them', async () => {
    const { hx, cleaningId } = clinic;
    hx.clock.set(local('2027-03-22 11:00'));
    const customer = clinic.newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-24 10:00') });
    await customer.text('人工');
    const conversation = await customer.conversation();
    await request(hx.url).post(`/api/conversations/${conversation.id}/take-over`).set('Authorization', await bearer(hx)).expect(200);
    const owner = (await customer.conversation()).assigneeId;
    expect(owner).not.toBeNull();

    hx.clock.set(local('2027-03-23 10:00'));
    const [reminder] = await waitForTemplate(customer, 'appointment_reminder');
    expect(reminder.body).toContain('确认请回复1');

    const seen: MessageView[] = [];
    // Only what follows the reminder: the reminder's own event is published just after its row is visible, and may
    // land while the customer's answer is on its way.
    const stop = hx.bus.on('message:created', (m) => { if (m.conversationId === conversation.id && m.id > reminder.id) seen.push(m); });
    try {
      await customer.text('1');
    } finally { stop(); }
    expect((await appointment(hx, id)).status).toBe('confirmed');
    expect((await customer.lastReply())?.templateKey).toBe('appointment_confirmed');
    expect(seen.map((m) => m.direction)).toEqual(['in', 'out']);
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', assigneeId: owner });

    const before = (await customer.replies()).length;
    await customer.text('那我到了找谁？');
    expect((await customer.replies()).length).toBe(before);
  });
});
