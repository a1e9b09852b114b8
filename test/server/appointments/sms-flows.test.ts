import request from 'supertest';
import { Conversation, Message } from '../../../server/db/entities';
import { eventually, type TestHuixin } from '../../support/test-server';
import { appointment, bearer, book, demoClinic, jobsOf, local, showLocal, waitForTemplate, remindedCustomer as remindedOf } from './support';

const clinic = demoClinic('+86137002');
let hx: TestHuixin;
let cleaningId: number;
beforeAll(() => ({ hx, cleaningId } = clinic));
const newCustomer = () => clinic.newCustomer();

const remindedCustomer = (monday: string) => remindedOf(clinic, monday);

describe('replies to an appointment reminder', () => {
  it('"1" confirms, answers with the confirmation, and the 2-hour reminder is skipped', async () => {
    const { customer, id } = await remindedCustomer('2026-11-30');
    const [reminder] = await waitForTemplate(customer, 'appointment_reminder');
    expect(reminder.body).toContain('12月2日(周三) 10:00的洗牙。确认请回复1');
    await customer.text('1');
    expect((await appointment(hx, id)).status).toBe('confirmed');
    expect((await customer.lastReply())?.templateKey).toBe('appointment_confirmed');

    hx.clock.set(local('2026-12-02 08:00'));
    const secondReminder = await eventually2h(id);
    expect(secondReminder).toMatchObject({ status: 'cancelled', lastError: 'confirmed' });
    expect((await customer.replies()).filter((m) => m.templateKey === 'appointment_reminder')).toHaveLength(1);

    const res = await request(hx.url).get(`/api/appointments/${id}`).set('Authorization', await bearer(hx)).expect(200);
    expect(res.body.history.map((h: { kind: string; actor: string }) => `${h.kind}:${h.actor}`)).toEqual(['booked:api', 'reminded:system', 'confirmed:contact']);
  });

  it('"2" offers three slots at the same time of day, and "B" moves the appointment there', async () => {
    const { customer, id } = await remindedCustomer('2026-12-07');
    const picker = await request(hx.url).get(`/api/appointments/${id}/reschedule-options`).set('Authorization', await bearer(hx)).expect(200);
    await customer.text('2');
    const offer = await customer.lastReply();
    expect(offer?.templateKey).toBe('reschedule_offer');
    const slots = (await customer.conversation()).awaitingContext!.slots!;
    expect(Object.keys(slots)).toEqual(['A', 'B', 'C']);
    expect(Object.values(slots).map((s) => showLocal(new Date(s)))).toEqual(['2026-12-10 10:00', '2026-12-11 10:00', '2026-12-12 10:00']);
    expect(offer?.body).toContain('B. 12月11日(周五) 10:00');
    // The inbox's reschedule picker shows the very same times.
    expect(picker.body.items.map((i: { startsAt: string }) => i.startsAt)).toEqual(Object.values(slots));

    await customer.text('B');
    const moved = await appointment(hx, id);
    expect(showLocal(moved.startsAt)).toBe('2026-12-11 10:00');
    expect(moved.status).toBe('confirmed');
    expect((await customer.lastReply())?.body).toContain('已为您改约到12月11日(周五) 10:00的洗牙');
  });

  it('"改到后天上午十点" books that time when it is free', async () => {
    const { customer, id } = await remindedCustomer('2026-12-14');
    await customer.text('改到后天上午十点');
    const moved = await appointment(hx, id);
    expect(showLocal(moved.startsAt)).toBe('2026-12-17 10:00');
    expect((await customer.lastReply())?.templateKey).toBe('appointment_rescheduled');
    // The reminders follow the appointment: the old ones are cancelled, new ones planned for the new time.
    const pending = (await jobsOf(hx, id)).filter((j) => j.status === 'pending');
    expect(pending.map((j) => showLocal(j.dueAt))).toEqual(['2026-12-16 10:00', '2026-12-17 08:00']);
  });

  it('"3" cancels and tells the customer how to book again', async () => {
    const { customer, id } = await remindedCustomer('2026-12-21');
    await customer.text('3');
    expect((await appointment(hx, id)).status).toBe('cancelled');
    const reply = await customer.lastReply();
    expect(reply?.templateKey).toBe('appointment_cancelled');
    expect(reply?.body).toContain('重新预约');
    expect((await jobsOf(hx, id)).filter((j) => j.status === 'pending')).toEqual([]);
  });

  it('"0" hands the thread to a person, who sees the appointment', async () => {
    const { customer, id } = await remindedCustomer('2026-12-28');
    await customer.text('0');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', handoffReason: 'requested' });
    const contact = await customer.contact();
    const res = await request(hx.url).get(`/api/appointments?contactId=${contact.id}`).set('Authorization', await bearer(hx)).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id, status: 'booked', service: '洗牙' })]);
  });

  it('a slot taken meanwhile gets fresh options, "还有别的时间吗" later ones, "三个都不方便" a person', async () => {
    const { customer, id } = await remindedCustomer('2027-01-04');
    await customer.text('2');
    const first = (await customer.conversation()).awaitingContext!.slots!;
    // Both chairs at slot B go to other customers before this one answers.
    for (const phone of ['+8613700300001', '+8613700300002']) await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: new Date(first.B) });
    await customer.text('B');
    expect(showLocal((await appointment(hx, id)).startsAt)).toBe('2027-01-06 10:00');
    expect((await customer.lastReply())?.templateKey).toBe('reschedule_offer');
    const second = (await customer.conversation()).awaitingContext!.slots!;
    expect(Object.values(second)).not.toContain(first.B);

    await customer.text('还有别的时间吗');
    expect((await customer.lastReply())?.templateKey).toBe('reschedule_offer');
    const third = (await customer.conversation()).awaitingContext!.slots!;
    const latestOffered = Math.max(...Object.values(second).map(Date.parse));
    expect(Object.values(third).every((s) => Date.parse(s) > latestOffered)).toBe(true);

    // The offer's own wording: none of these → a person arranges it; the booking stays as it was.
    await customer.text('三个都不方便');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human' });
    expect(await appointment(hx, id)).toMatchObject({ status: 'booked' });
  });

  it('a named time that is full offers the nearest free times instead', async () => {
    const { customer, id } = await remindedCustomer('2027-01-11');
    const thursday4pm = local('2027-01-14 16:00');
    for (const phone of ['+8613700300003', '+8613700300004']) await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: thursday4pm });
    await customer.text('能改到周四下午四点吗');
    expect(showLocal((await appointment(hx, id)).startsAt)).toBe('2027-01-13 10:00');
    const slots = Object.values((await customer.conversation()).awaitingContext!.slots!).map((s) => showLocal(new Date(s)));
    expect(slots).toEqual(['2027-01-14 15:00', '2027-01-14 15:30', '2027-01-14 16:30']);
  });
});

describe('after the visit', () => {
  it('completes at the end, sends the survey, records a "2" and hands the thread to a person', async () => {
    hx.clock.set(local('2027-01-18 11:00'));
    const customer = newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-01-20 10:00') });
    hx.clock.set(local('2027-01-20 10:30'));
    const [survey] = await waitForTemplate(customer, 'csat_survey');
    expect(survey.body).toContain('请为本次服务打分');
    expect((await appointment(hx, id)).status).toBe('completed');

    await customer.text('2');
    expect((await appointment(hx, id)).csatScore).toBe(2);
    expect((await customer.contact()).tags).toContain('review_score_2');
    const conversation: Conversation = await customer.conversation();
    expect(conversation).toMatchObject({ handledBy: 'human', handoffReason: 'low_score' });
    const [inbound] = (await hx.ds.manager.find(Message, {
      where: { contactId: conversation.contactId, direction: 'in' }, order: { id: 'DESC' }, take: 1,
    }));
    expect(inbound.decision?.params.score).toBe(2);
  });
});

function eventually2h(id: number) {
  return eventually(async () => (await jobsOf(hx, id)).find((j) => j.uniqueKey.endsWith(':120') && ['done', 'cancelled'].includes(j.status)));
}

describe('a named day rather than a time', () => {
  it('"能改到周五吗" names a day, not a time: it offers that day\'s free times and moves nothing yet', async () => {
    const { customer, id } = await remindedCustomer('2027-02-01');
    const before = await appointment(hx, id);
    await customer.text('能改到周五吗');
    expect((await appointment(hx, id)).startsAt).toEqual(before.startsAt);
    expect((await customer.lastReply())?.templateKey).toBe('reschedule_offer');
    const offered = Object.values((await customer.conversation()).awaitingContext?.slots ?? {});
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((iso) => showLocal(new Date(iso)).slice(0, 10))).toContain('2027-02-05');
  });
});
