import request from 'supertest';
import { MoreThan } from 'typeorm';
import type { Decision, Outcome } from '../../../rules/types';
import { Message } from '../../../server/db/entities';
import type { Customer } from '../../support/customer';
import type { TestHuixin } from '../../support/test-server';
import { appointment, bearer, book, demoClinic, local, waitForTemplate, remindedCustomer as remindedOf } from '../appointments/support';

/**
 * The decision stored on every inbound text is the whole truth: it names the template of each reply actually
 * queued, its outcome is what happened to the appointment, and the admin's *try it* (POST /api/rules/simulate)
 * gives the same decision for the same facts — gathered from the contact's real data, or stated. Every SMS flow of
 * sms-flows.test.ts and the reply pipeline goes through `say`, which checks all three.
 */
const clinic = demoClinic('+86137003');
let hx: TestHuixin;
let cleaningId: number;
beforeAll(() => ({ hx, cleaningId } = clinic));

const simulate = async (body: object) =>
  (await request(hx.url).post('/api/rules/simulate').set('Authorization', await bearer(hx)).send(body).expect(200)).body as
    Pick<Decision, 'action' | 'params' | 'effects' | 'outcome'> & { facts: unknown };

const sameDecision = (d: Pick<Decision, 'action' | 'params' | 'effects' | 'outcome'>) =>
  ({ action: d.action, params: d.params, effects: d.effects, outcome: d.outcome });

/** What the outcome says happened, checked against the database. */
async function expectOutcomeHappened(customer: Customer, outcome: Outcome | undefined, before: { startsAt: Date } | null): Promise<void> {
  if (!outcome) return;
  const conversation = await customer.conversation();
  switch (outcome.kind) {
    case 'booked': {
      const moved = await appointment(hx, outcome.appointmentId);
      expect(moved.startsAt.toISOString()).toBe(outcome.slot);
      expect(moved.status).toBe('confirmed');
      return;
    }
    case 'confirmed': case 'cancelled':
      expect((await appointment(hx, outcome.appointmentId)).status).toBe(outcome.kind);
      return;
    case 'offer':
      expect(conversation.awaiting?.menu).toBe('reschedule_offer');
      expect(conversation.awaitingContext).toEqual({
        appointmentId: outcome.appointmentId, slots: Object.fromEntries(outcome.slots.map((s) => [s.option, s.startsAt])),
      });
      expect((await appointment(hx, outcome.appointmentId)).startsAt).toEqual(before?.startsAt);
      return;
    case 'asked':
      expect(['appointment_check', 'appointment_choose']).toContain(conversation.awaiting?.menu);
      return;
    case 'score_recorded':
      if (outcome.appointmentId) expect((await appointment(hx, outcome.appointmentId)).csatScore).toBe(outcome.score);
      return;
    default:
      expect(conversation.handledBy).toBe('human');
  }
}

/**
 * The customer texts; before that, simulate is asked about the same text for the same contact at the same instant.
 * Returns the stored decision.
 */
async function say(customer: Customer, text: string, apptId?: number): Promise<Decision> {
  const preview = await simulate({ text, contactPhone: customer.phone });
  const stated = await simulate({ text, contactPhone: customer.phone, facts: preview.facts });
  const before = apptId ? await appointment(hx, apptId) : null;

  const inboundId = await customer.text(text);
  const inbound = await hx.ds.manager.findOneByOrFail(Message, { id: inboundId });
  const decision = inbound.decision!;
  const queued = await hx.ds.manager.find(Message, { where: { contactId: inbound.contactId, direction: 'out', id: MoreThan(inboundId) }, order: { id: 'ASC' } });

  const replies = decision.effects.flatMap((e) => (e.type === 'reply' ? [e.template] : []));
  expect(queued.map((m) => m.templateKey)).toEqual(replies);
  // Each reply names the text whose decision sent it, and stores no copy of it.
  for (const m of queued) expect(m).toMatchObject({ decidedById: inboundId, decision: null });
  expect(sameDecision(preview)).toEqual(sameDecision(decision));
  expect(sameDecision(stated)).toEqual(sameDecision(decision));
  await expectOutcomeHappened(customer, decision.outcome, before);
  return decision;
}

const remindedCustomer = (monday: string) => remindedOf(clinic, monday);

describe('every inbound decision is what was done and sent, and what simulate says', () => {
  it('"1" to a reminder: confirmed, with the confirmation', async () => {
    const { customer, id } = await remindedCustomer('2026-11-30');
    expect((await say(customer, '1', id)).outcome).toEqual({ kind: 'confirmed', appointmentId: id });
  });

  it('"2" then "B": an offer of three slots, then booked at B with the rescheduled text (not the offer)', async () => {
    const { customer, id } = await remindedCustomer('2026-12-07');
    const offer = await say(customer, '2', id);
    expect(offer.outcome).toMatchObject({ kind: 'offer', appointmentId: id });
    const slotB = (offer.outcome as Extract<Outcome, { kind: 'offer' }>).slots.find((s) => s.option === 'B')!.startsAt;
    const chosen = await say(customer, 'B', id);
    expect(chosen.outcome).toEqual({ kind: 'booked', appointmentId: id, slot: slotB });
    expect(chosen.effects).toContainEqual(expect.objectContaining({ type: 'reply', template: 'appointment_rescheduled' }));
  });

  it('a named free time is booked outright, and the stored decision says so', async () => {
    const { customer, id } = await remindedCustomer('2026-12-14');
    expect((await say(customer, '改到后天上午十点', id)).outcome).toEqual({ kind: 'booked', appointmentId: id, slot: local('2026-12-17 10:00').toISOString() });
  });

  it('"3" cancels, "0" hands to a person', async () => {
    const first = await remindedCustomer('2026-12-21');
    expect((await say(first.customer, '3', first.id)).outcome).toEqual({ kind: 'cancelled', appointmentId: first.id });
    const second = await remindedCustomer('2026-12-28');
    expect((await say(second.customer, '0', second.id)).action).toBe('handoff');
  });

  it('a slot taken meanwhile, later times, then none of these: each stored decision matches what was sent', async () => {
    const { customer, id } = await remindedCustomer('2027-01-04');
    const offer = await say(customer, '2', id);
    const taken = (offer.outcome as Extract<Outcome, { kind: 'offer' }>).slots.find((s) => s.option === 'B')!.startsAt;
    for (const phone of ['+8613700310001', '+8613700310002']) await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: new Date(taken) });
    const fresh = await say(customer, 'B', id);
    expect(fresh.outcome).toMatchObject({ kind: 'offer' });
    expect((fresh.outcome as Extract<Outcome, { kind: 'offer' }>).slots.map((s) => s.startsAt)).not.toContain(taken);
    expect((await say(customer, '还有别的时间吗', id)).outcome).toMatchObject({ kind: 'offer' });
    await say(customer, '三个都不方便', id);
    expect((await customer.conversation()).handledBy).toBe('human');
  });

  it('a named time that is full offers the nearest free ones; a named day offers that day', async () => {
    const { customer, id } = await remindedCustomer('2027-01-11');
    for (const phone of ['+8613700310003', '+8613700310004']) await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: local('2027-01-14 16:00') });
    expect((await say(customer, '能改到周四下午四点吗', id)).outcome).toMatchObject({ kind: 'offer' });
    const other = await remindedCustomer('2027-02-01');
    expect((await say(other.customer, '能改到周五吗', other.id)).outcome).toMatchObject({ kind: 'offer' });
  });

  it('a survey score is recorded on the visit it was about', async () => {
    hx.clock.set(local('2027-01-18 11:00'));
    const customer = clinic.newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-01-20 10:00') });
    hx.clock.set(local('2027-01-20 10:30'));
    await waitForTemplate(customer, 'csat_survey');
    expect((await say(customer, '2', id)).outcome).toEqual({ kind: 'score_recorded', appointmentId: id, score: 2 });
  });

  it('texts that are not about an appointment: greetings, a person asked for, an opt-out, a stray number', async () => {
    hx.clock.set(local('2027-03-01 10:00'));
    // simulate names a contact by phone, so each first text (which creates the contact) is sent unchecked.
    const customer = clinic.newCustomer();
    await customer.text('谢谢');
    await say(customer, '你好');
    await say(customer, '3');
    const other = clinic.newCustomer();
    await other.text('谢谢');
    await say(other, '人工');
    await say(other, '你好？有人吗');
    await say(other, '退订');
    const asking = clinic.newCustomer();
    await asking.text('谢谢');
    await say(asking, '你们地址是哪里？');
  });
});

describe('menu answers the bot no longer drops on a person', () => {
  it('a "1" with no menu open asks about the one upcoming visit, and the next "1" confirms it', async () => {
    hx.clock.set(local('2027-03-08 11:00'));
    const customer = clinic.newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-11 10:00') });
    expect((await say(customer, '1', id)).outcome).toEqual({ kind: 'asked', appointmentIds: [id] });
    expect((await say(customer, '1', id)).outcome).toEqual({ kind: 'confirmed', appointmentId: id });
  });

  it('a reminder answered in a thread a person owns', async () => {
    hx.clock.set(local('2027-03-15 11:00'));
    const customer = clinic.newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2027-03-17 10:00') });
    await customer.text('人工');
    hx.clock.set(local('2027-03-16 10:00'));
    await waitForTemplate(customer, 'appointment_reminder');
    expect((await say(customer, '2', id)).outcome).toMatchObject({ kind: 'offer', appointmentId: id });
    expect((await say(customer, '地址在哪', id)).action).toBe('ignore');
  });
});

describe('simulate without a contact', () => {
  it('shows sample slots after now, never in the past', async () => {
    const now = local('2031-06-02 09:00');
    const res = await simulate({ text: '2', inReplyTo: 'appointment_reminder', now: now.toISOString() });
    expect(res.outcome).toMatchObject({ kind: 'offer' });
    const slots = (res.outcome as Extract<Outcome, { kind: 'offer' }>).slots;
    expect(slots).toHaveLength(3);
    for (const s of slots) expect(Date.parse(s.startsAt)).toBeGreaterThan(now.getTime());
    expect((res as unknown as { reply: string }).reply).toContain('6月5日');
  });

  it('answers 404 naming the field for a phone no contact has', async () => {
    const res = await request(hx.url).post('/api/rules/simulate').set('Authorization', await bearer(hx))
      .send({ text: '1', contactPhone: '+8613999999999' }).expect(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', field: 'contactPhone' });
  });
});
