import { Appointment, ConsentEvent, Conversation, Message } from '../../server/db/entities';
import { Customer } from '../support/customer';
import { eventually, startTestHuixin, type TestHuixin } from '../support/test-server';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin(); });
afterAll(() => hx.close());

let n = 0;
const newCustomer = () => new Customer(hx, `+86137001${String(++n).padStart(5, '0')}`);

/** A booked appointment and the reminder menu awaiting an answer, as if the reminder had just been sent. */
async function withReminderAwaiting(customer: Customer, service: string, startsAt: string): Promise<Appointment> {
  await customer.text('你好');   // creates the contact and conversation
  const contact = await customer.contact();
  const appt = await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
    contactId: contact.id, service, location: null, status: 'booked', source: 'api',
    startsAt: new Date(startsAt), endsAt: new Date(new Date(startsAt).getTime() + 30 * 60_000),
  }));
  await hx.ds.manager.update(Conversation, { contactId: contact.id }, {
    handledBy: 'bot', awaiting: { menu: 'appointment_reminder', options: ['1', '2', '3', '0'], expiresAt: '2026-11-27T00:00:00.000Z' },
    awaitingContext: { appointmentId: appt.id },
  });
  return appt;
}

describe('the reply pipeline', () => {
  it('hands "人工" from a new number to a person with an acknowledgement', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const conversation = await customer.conversation();
    expect(conversation).toMatchObject({ handledBy: 'human', status: 'open', handoffReason: expect.stringMatching(/requested|rule/) });
    const [ack] = await customer.replies();
    expect(ack.body).toContain('已为您转接人工客服');
    expect(ack).toMatchObject({ origin: 'bot', status: expect.stringMatching(/queued|sending|sent|delivered/) });
    expect((await customer.decisionOf(ack))?.action).toBe('handoff');
  });

  it('answers outside business hours with when a person will reply', async () => {
    hx.clock.set('2026-11-24T14:00:00.000Z');   // 22:00 in Shanghai
    try {
      const customer = newCustomer();
      await customer.text('我要找人工客服');
      expect((await customer.lastReply())?.body).toMatch(/09:00/);
    } finally {
      hx.clock.set('2026-11-24T03:00:00.000Z');
    }
  });

  it('opts "TD" out with a confirmation and a consent event, then refuses to text the number', async () => {
    const customer = newCustomer();
    const inboundId = await customer.text('TD');
    const contact = await customer.contact();
    expect(contact.optedOut).toBe(true);
    const events = await hx.ds.manager.findBy(ConsentEvent, { contactId: contact.id });
    expect(events).toEqual([expect.objectContaining({ kind: 'opt_out', source: 'sms', messageId: inboundId })]);
    const confirmation = await eventually(async () => (await customer.replies()).find((m) => m.status === 'delivered'));
    expect(confirmation.compliance).toBe(true);

    // Anything else queued for this number afterwards is refused by the sender.
    await hx.ds.manager.save(hx.ds.manager.create(Message, {
      ...confirmation, id: undefined, compliance: false, status: 'queued', providerMessageId: null, body: '促销信息', decision: null,
      nextAttemptAt: hx.clock.now(), leaseUntil: null,   // due now, as queueing makes it (the copy was due at its lease's end)
    }));
    hx.bus.emit('outbox:queued', undefined);
    const refused = await eventually(async () => (await customer.lastReply())?.status === 'refused' && customer.lastReply());
    expect(refused).toMatchObject({ errorCode: 'opted_out', body: '促销信息' });
  });

  it('stays silent while a person owns the conversation, except for compliance keywords', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const before = (await customer.replies()).length;
    await customer.text('你好？有人吗');
    await customer.text('1');
    expect((await customer.replies()).length).toBe(before);
    const inbound = await hx.ds.manager.find(Message, { where: { contactId: (await customer.contact()).id, direction: 'in' }, order: { id: 'DESC' }, take: 1 });
    expect(inbound[0].decision).toMatchObject({ action: 'ignore', trace: { stage: 'human' } });

    await customer.text('退订');
    expect((await customer.contact()).optedOut).toBe(true);
    expect((await customer.lastReply())?.compliance).toBe(true);
  });

  it('reads "1" against the reminder that was actually sent and confirms the appointment', async () => {
    const customer = newCustomer();
    const appt = await withReminderAwaiting(customer, '洗牙', '2026-11-25T02:00:00Z');
    await customer.text('１');
    expect((await hx.ds.manager.findOneByOrFail(Appointment, { id: appt.id })).status).toBe('confirmed');
    expect((await customer.conversation()).awaiting).toBeNull();
  });

  it('never acts on a bare number when no menu was sent', async () => {
    const customer = newCustomer();
    await customer.text('3');
    const [inbound] = await hx.ds.manager.find(Message, { where: { contactId: (await customer.contact()).id, direction: 'in' } });
    expect(inbound.decision?.action).not.toMatch(/^appointment\./);
  });

  it('offers three free slots A/B/C for "2" and books the one chosen', async () => {
    const customer = newCustomer();
    const appt = await withReminderAwaiting(customer, '补牙', '2026-11-25T06:00:00Z');
    await customer.text('2');
    const offer = await customer.lastReply();
    expect(offer?.templateKey).toBe('reschedule_offer');
    const conversation = await customer.conversation();
    expect(conversation.awaiting?.menu).toBe('reschedule_offer');
    const slotB = conversation.awaitingContext?.slots?.B;
    expect(slotB).toBeDefined();

    await customer.text('B');
    const moved = await hx.ds.manager.findOneByOrFail(Appointment, { id: appt.id });
    expect(moved.startsAt.toISOString()).toBe(slotB);
    expect((await customer.lastReply())?.templateKey).toBe('appointment_rescheduled');
  });
});
