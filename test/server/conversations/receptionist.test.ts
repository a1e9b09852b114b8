import request from 'supertest';
import { In } from 'typeorm';
import { ConsentEvent, Message, TemplateRow } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { eventually, startAnotherNode } from '../../support/test-server';
import { appointment, bearer, book, demoClinic, local, waitForTemplate } from '../appointments/support';

/**
 * The bot answers like a good receptionist, through a real server: urgent texts get the clinic's phone number at any
 * hour and jump to a person, a marketing-only refusal keeps appointment texts, Hong Kong numbers and traditional
 * writers read traditional Chinese, a bare 取消 asks instead of guessing, and a menu answer with a question does both.
 */
const clinic = demoClinic('+86137012');
const hx = () => clinic.hx;

/** Each test lives in a week of its own: the injected clock only moves forward. */
async function bookedCustomer(monday: string): Promise<{ customer: Customer; id: number; wednesday: Date }> {
  hx().clock.set(local(`${monday} 11:00`));
  const customer = clinic.newCustomer();
  const wednesday = new Date(local(`${monday} 10:00`).getTime() + 2 * 86_400_000);
  const { id } = await book(hx(), { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: wednesday });
  return { customer, id, wednesday };
}

const repliesAfter = async (customer: Customer, inboundId: number) =>
  (await customer.replies()).filter((m) => m.id > inboundId);

test('an urgent text at night hands off flagged urgent and replies with the clinic\'s phone number, not "we reply at 09:00"', async () => {
  hx().clock.set(local('2026-12-01 23:30'));
  const customer = clinic.newCustomer();
  const inboundId = await customer.text('牙疼得厉害，睡不着');

  const replies = await repliesAfter(customer, inboundId);
  expect(replies.map((m) => m.templateKey)).toEqual(['urgent_ack']);
  expect(replies[0].body).toContain('0571-8888 0000');
  expect(await customer.conversation()).toMatchObject({ handledBy: 'human', status: 'open', handoffReason: 'urgent' });
});

test('a marketing-only refusal is honoured with its confirmation and appointment reminders still go out', async () => {
  const { customer, wednesday } = await bookedCustomer('2026-12-07');
  await customer.text('以后别给我发营销短信了');
  await customer.text('不要再给我发广告');

  expect((await customer.replies()).filter((m) => m.templateKey === 'opt_out_marketing_confirmation')).toHaveLength(2);
  expect(await customer.contact()).toMatchObject({ marketingOptedOut: true, optedOut: false });
  const events = await hx().ds.manager.findBy(ConsentEvent, { contactId: (await customer.contact()).id });
  expect(events.map((e) => ({ kind: e.kind, scope: e.scope }))).toEqual([{ kind: 'opt_out', scope: 'marketing' }]);
  expect((await customer.conversation()).handledBy).toBe('bot');
  // The agent sees it: the contact view says marketing only is refused.
  const seen = await request(hx().url).get('/api/contacts').query({ phone: customer.phone }).set('Authorization', await bearer(hx())).expect(200);
  expect(seen.body.items[0]).toMatchObject({ optedOut: false, marketingOptedOut: true });

  hx().clock.set(new Date(wednesday.getTime() - 86_400_000));
  const [reminder] = await waitForTemplate(customer, 'appointment_reminder');
  const sent = await eventually(async () => {
    const row = await hx().ds.manager.findOneByOrFail(Message, { id: reminder.id });
    return row.status === 'queued' || row.status === 'sending' ? null : row;
  });
  expect(sent.status).not.toBe('refused');
});

test('START after a marketing-only refusal restores marketing texts, with one consent event for the change', async () => {
  hx().clock.set(local('2026-12-10 11:00'));
  const customer = clinic.newCustomer();
  await customer.text('please stop sending me promotions');
  await customer.text('START');
  await customer.text('START');
  expect(await customer.contact()).toMatchObject({ marketingOptedOut: false, optedOut: false });
  const events = await hx().ds.manager.find(ConsentEvent, { where: { contactId: (await customer.contact()).id }, order: { id: 'ASC' } });
  expect(events.map((e) => `${e.kind}/${e.scope}`)).toEqual(['opt_out/marketing', 'opt_in/all']);
});

test('a Hong Kong number gets traditional replies, and so does a mainland customer writing traditional characters', async () => {
  hx().clock.set(local('2026-12-15 11:00'));
  const hongKong = new Customer(hx(), '+85261234567');
  await hongKong.text('人工');
  expect((await hongKong.contact()).locale).toBe('zh-HK');
  const ack = await hongKong.lastReply();
  expect(ack?.templateKey).toBe('handoff_ack');
  expect(ack?.body).toContain('轉接');
  expect(ack?.body).not.toContain('转接');

  const mainland = clinic.newCustomer();
  await mainland.text('請問地址在哪裡');
  const answer = await mainland.lastReply();
  expect(answer?.templateKey).toBe('faq_address');
  expect(answer?.body).toContain('徐匯區');
});

test('a bare 取消 asks whether to cancel the visit or stop texts; 1 then cancels the visit and nobody is opted out', async () => {
  const { customer, id } = await bookedCustomer('2026-12-21');
  const askId = await customer.text('取消');
  expect((await repliesAfter(customer, askId)).map((m) => m.templateKey)).toEqual(['cancel_or_stop']);
  expect((await customer.conversation()).awaiting?.menu).toBe('cancel_or_stop');
  expect((await customer.contact()).optedOut).toBe(false);
  expect((await appointment(hx(), id)).status).toBe('booked');

  const answerId = await customer.text('1');
  expect((await repliesAfter(customer, answerId)).map((m) => m.templateKey)).toEqual(['appointment_cancelled']);
  expect((await appointment(hx(), id)).status).toBe('cancelled');
  expect((await customer.contact()).optedOut).toBe(false);
});

test('2 to the same question opts out of every text, with the confirmation', async () => {
  const { customer, id } = await bookedCustomer('2026-12-28');
  await customer.text('CANCEL');
  const answerId = await customer.text('2');
  expect((await repliesAfter(customer, answerId)).map((m) => m.templateKey)).toEqual(['opt_out_confirmation']);
  expect((await customer.contact()).optedOut).toBe(true);
  expect((await appointment(hx(), id)).status).toBe('booked');
});

test('a reminder answered with a choice and a question does the choice, sends its reply only, and hands the question to a person', async () => {
  const { customer, id, wednesday } = await bookedCustomer('2027-01-04');
  hx().clock.set(new Date(wednesday.getTime() - 86_400_000));
  await waitForTemplate(customer, 'appointment_reminder');

  const inboundId = await customer.text('1，另外想问下洗牙要多久');
  expect((await repliesAfter(customer, inboundId)).map((m) => m.templateKey)).toEqual(['appointment_confirmed']);
  expect((await appointment(hx(), id)).status).toBe('confirmed');
  expect(await customer.conversation()).toMatchObject({ handledBy: 'human', handoffReason: 'question' });
});

test('an emoji-only first text gets a greeting with what the bot can do', async () => {
  hx().clock.set(local('2027-01-12 11:00'));
  const customer = clinic.newCustomer();
  const inboundId = await customer.text('👋');
  expect((await repliesAfter(customer, inboundId)).map((m) => m.templateKey)).toEqual(['greeting']);
  expect((await customer.conversation()).handledBy).toBe('bot');
});

test('a database configured before these templates existed gets them at start-up and answers with them', async () => {
  const added = ['urgent_ack', 'cancel_or_stop', 'greeting', 'opt_out_marketing_confirmation'];
  await hx().ds.manager.delete(TemplateRow, { key: In(added) });
  const restarted = await startAnotherNode(hx());
  await restarted.stop();
  expect((await hx().ds.manager.findBy(TemplateRow, { key: In(added) })).map((t) => t.key).sort()).toEqual([...added].sort());

  hx().clock.set(local('2027-01-19 11:00'));
  const customer = clinic.newCustomer();
  const inboundId = await customer.text('my gum is bleeding a lot');
  expect((await repliesAfter(customer, inboundId)).map((m) => m.templateKey)).toEqual(['urgent_ack']);
});
