import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { ConsentEvent, Contact, Message } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

const AUTH_TOKEN = 'consent-auth-token';

let hx: TestHuixin;
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin(twilioEnv(twilio, AUTH_TOKEN), { startSender: false });   // the tests drain the outbox by hand, so a fake Twilio failure meets the send it is meant for
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

let n = 0;
const newCustomer = () => new Customer(hx, `+86137003${String(++n).padStart(5, '0')}`);

async function consentEvents(customer: Customer): Promise<ConsentEvent[]> {
  const contact = await customer.contact();
  return hx.ds.manager.find(ConsentEvent, { where: { contactId: contact.id }, order: { id: 'ASC' } });
}

/** A Twilio status callback, signed over the URL the server sees (no PUBLIC_URL in this suite). */
function statusCallback(sid: string, errorCode: string) {
  const params = { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: errorCode };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${hx.url}/webhooks/twilio/status`, params);
  return request(hx.url).post('/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params);
}

/** A reply sent through the fake Twilio, so it has a sid a status callback can name. */
async function sentReply(customer: Customer): Promise<Message> {
  await customer.text('地址');
  await hx.sender.drain();
  const reply = await customer.lastReply();
  expect(reply).toMatchObject({ status: 'sent' });
  return reply!;
}

describe('every opt-out path writes one consent event', () => {
  it('a keyword STOP opts out with one event; a repeated STOP or TD keeps the first opt-out and writes no second', async () => {
    const customer = newCustomer();
    const stopId = await customer.text('STOP');
    const first = await customer.contact();
    expect(first.optedOut).toBe(true);

    hx.clock.advance(60_000);
    await customer.text('STOP');
    await customer.text('TD');

    const after = await customer.contact();
    expect(after.optedOut).toBe(true);
    expect(after.optedOutAt).toEqual(first.optedOutAt);
    expect(await consentEvents(customer)).toEqual([expect.objectContaining({ kind: 'opt_out', source: 'sms', messageId: stopId, detail: 'STOP' })]);
  });

  it('START after STOP opts back in with one event, and a second START writes none', async () => {
    const customer = newCustomer();
    await customer.text('TD');
    const startId = await customer.text('START');
    await customer.text('START');

    expect(await customer.contact()).toMatchObject({ optedOut: false, optedOutAt: null });
    const events = await consentEvents(customer);
    expect(events.map((e) => e.kind)).toEqual(['opt_out', 'opt_in']);
    expect(events[1]).toMatchObject({ source: 'sms', messageId: startId });
  });

  it('a 21610 on a status callback opts out with one provider event, and a second 21610 writes none', async () => {
    const customer = newCustomer();
    const reply = await sentReply(customer);
    await statusCallback(reply.providerMessageId!, '21610').expect(204);
    const first = await customer.contact();
    expect(first.optedOutAt).toEqual(hx.clock.now());

    hx.clock.advance(60_000);
    await statusCallback(reply.providerMessageId!, '21610').expect(204);

    expect(await customer.contact()).toMatchObject({ optedOut: true, optedOutAt: first.optedOutAt });
    expect(await consentEvents(customer)).toEqual([
      expect.objectContaining({ kind: 'opt_out', source: 'provider', messageId: reply.id, detail: 'twilio error 21610' }),
    ]);
  });

  it('a 21610 at send fails the reply, opts the contact out and writes one provider event', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    twilio.failNext = [{ status: 400, code: 21610 }];
    await hx.sender.drain();

    const reply = await customer.lastReply();
    expect(reply).toMatchObject({ status: 'failed', errorCode: '21610' });
    expect(await customer.contact()).toMatchObject({ optedOut: true, optedOutAt: hx.clock.now() });
    expect(await consentEvents(customer)).toEqual([
      expect.objectContaining({ kind: 'opt_out', source: 'provider', messageId: reply!.id, detail: 'twilio error 21610' }),
    ]);
  });

  it('a 21610 at send for someone who already texted STOP keeps the first opt-out and writes no second event', async () => {
    const customer = newCustomer();
    const stopId = await customer.text('STOP');   // queues the compliance confirmation, which goes out even when opted out
    const first = await customer.contact();

    hx.clock.advance(60_000);
    twilio.failNext = [{ status: 400, code: 21610 }];
    await hx.sender.drain();

    expect(await customer.lastReply()).toMatchObject({ status: 'failed', errorCode: '21610', compliance: true });
    expect(await customer.contact()).toMatchObject({ optedOut: true, optedOutAt: first.optedOutAt });
    expect(await consentEvents(customer)).toEqual([expect.objectContaining({ kind: 'opt_out', source: 'sms', messageId: stopId })]);
  });

  it('a 21610 on a status callback after a 21610 at send writes no second event', async () => {
    const customer = newCustomer();
    const reply = await sentReply(customer);
    await customer.text('地址');   // the bot answers again; this time the carrier refuses it
    twilio.failNext = [{ status: 400, code: 21610 }];
    await hx.sender.drain();
    await statusCallback(reply.providerMessageId!, '21610').expect(204);

    expect(await hx.ds.manager.countBy(Contact, { phone: customer.phone, optedOut: true })).toBe(1);
    expect(await consentEvents(customer)).toHaveLength(1);
  });
});
