import { Message } from '../../server/db/entities';
import { Customer } from '../support/customer';
import { FakeTwilio, twilioEnv } from '../support/fake-twilio';
import { eventually, startTestHuixin, type TestHuixin } from '../support/test-server';
import { claimedUntil } from './outbox/outbox-support';

let hx: TestHuixin;
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin(twilioEnv(twilio, 'token-abc'), { startSender: false });
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

let n = 0;
const newCustomer = () => new Customer(hx, `+86136002${String(++n).padStart(5, '0')}`);

describe('the outbox sender', () => {
  it('sends a queued reply through Twilio and records the sid', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    await hx.sender.drain();
    const reply = await customer.lastReply();
    const sent = twilio.sends.filter((s) => s.to === customer.phone);
    expect(sent).toHaveLength(1);
    expect(reply).toMatchObject({ status: 'sent', providerMessageId: sent[0].sid, attempts: 1 });
    expect(sent[0].body).toBe(reply?.body);
  });

  it('retries with backoff after provider failures and then sends once', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    twilio.failNext = [{ status: 500 }, { status: 429, code: 20429 }];
    await hx.sender.drain();
    let reply = await customer.lastReply();
    expect(reply).toMatchObject({ status: 'queued', errorCode: '500', attempts: 1 });
    expect(reply?.nextAttemptAt?.getTime()).toBe(hx.clock.now().getTime() + 1000);

    hx.clock.advance(1000);
    await hx.sender.drain();
    reply = await customer.lastReply();
    expect(reply).toMatchObject({ status: 'queued', errorCode: '20429', attempts: 2 });
    expect(reply?.nextAttemptAt?.getTime()).toBe(hx.clock.now().getTime() + 2000);

    hx.clock.advance(2000);
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'sent', attempts: 3 });
    expect(twilio.sends.filter((s) => s.to === customer.phone)).toHaveLength(1);
  });

  it('marks a reply failed when the provider rejects it for good', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    twilio.failNext = [{ status: 400, code: 21211 }];
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'failed', errorCode: '21211' });
  });

  it('opts the contact out when Twilio answers 21610', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    twilio.failNext = [{ status: 400, code: 21610 }];
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'failed', errorCode: '21610' });
    expect((await customer.contact()).optedOut).toBe(true);
  });

  it('recovers a reply whose sender died mid-send without sending it twice', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const reply = (await customer.lastReply())!;
    // A sender claimed it, Twilio accepted it, and the process died before recording that.
    await hx.ds.manager.update(Message, { id: reply.id }, { ...claimedUntil(new Date(hx.clock.now().getTime() - 1)), attempts: 1 });
    twilio.sends.push({ sid: 'SMalreadysent', to: customer.phone, from: '+8610690001', body: reply.body, at: new Date() });
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'sent', providerMessageId: 'SMalreadysent' });
    expect(twilio.sends.filter((s) => s.to === customer.phone)).toHaveLength(1);
  });

  it('sends a reply again when the dead sender never reached the provider', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const reply = (await customer.lastReply())!;
    await hx.ds.manager.update(Message, { id: reply.id }, { ...claimedUntil(new Date(hx.clock.now().getTime() - 1)), attempts: 1 });
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(twilio.sends.filter((s) => s.to === customer.phone)).toHaveLength(1);
  });

  it('leaves a reply alone while another sender holds its lease', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const reply = (await customer.lastReply())!;
    await hx.ds.manager.update(Message, { id: reply.id }, { ...claimedUntil(new Date(hx.clock.now().getTime() + 30_000)), attempts: 1 });
    await hx.sender.drain();
    expect(await customer.lastReply()).toMatchObject({ status: 'sending' });
    expect(twilio.sends.filter((s) => s.to === customer.phone)).toHaveLength(0);
  });

  // Last: it starts the sender, which the tests above drive by hand.
  it('drains only once a drain already under way has recorded its sends', async () => {
    const customer = newCustomer();
    twilio.responseDelayMs = 300;
    try {
      hx.sender.start();
      await customer.text('人工');   // its reply wakes the sender, which claims it and calls Twilio
      await eventually(async () => twilio.sends.some((s) => s.to === customer.phone));
      await hx.sender.drain();
      const sent = twilio.sends.find((s) => s.to === customer.phone)!;
      // Before, this drain found the reply claimed by the other, took nothing and resolved at once: still `sending`,
      // its sid unknown — a status callback sent then was for no text Huixin knew.
      expect(await customer.lastReply()).toMatchObject({ status: 'sent', providerMessageId: sent.sid });
    } finally {
      twilio.responseDelayMs = 0;
    }
  });
});
