import { Message } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { FakeTwilio, postTwilioStatus, twilioEnv, type FakeTwilioSend } from '../../support/fake-twilio';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { claimedUntil } from '../outbox/outbox-support';

// Twilio posts a text's first status callback as soon as it has it, which can be before Huixin's sender has stored the
// sid Twilio answered the send with (the sender records answers in batches). The callback must still find its text.
const AUTH_TOKEN = 'race-token-1';
const PUBLIC_URL = 'https://huixin.example.com';

let hx: TestHuixin;
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL }, { startSender: false });
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

let n = 0;
const newCustomer = () => new Customer(hx, `+86136003${String(++n).padStart(5, '0')}`);

const postStatus = (callbackUrl: string, params: Record<string, string>) => postTwilioStatus(hx, AUTH_TOKEN, callbackUrl, params);

describe('a Twilio status callback that arrives before the sender stored the send', () => {
  it('names our id in each send\'s callback URL', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    await hx.sender.drain();
    const reply = (await customer.lastReply())!;
    const sent = twilio.sends.find((s) => s.to === customer.phone)!;
    expect(sent.statusCallback).toBe(`${PUBLIC_URL}/webhooks/twilio/status?m=${reply.id}`);
  });

  it('is applied once the send is stored: sent, then delivered, with its sid, sent time and receipt time', async () => {
    const customer = newCustomer();
    const callbacks: Array<Promise<number>> = [];
    // Twilio has the text delivered before its answer to the send is back with Huixin.
    twilio.responseDelayMs = 300;
    twilio.onAccepted = (send: FakeTwilioSend) => {
      callbacks.push(postStatus(send.statusCallback!, { MessageSid: send.sid, MessageStatus: 'delivered', AccountSid: 'ACtest' }).then((r) => r.status));
    };
    try {
      await customer.text('人工');
      await hx.sender.drain();
      expect(await Promise.all(callbacks)).toEqual([204]);
    } finally {
      twilio.responseDelayMs = 0;
      twilio.onAccepted = undefined;
    }
    const sent = twilio.sends.find((s) => s.to === customer.phone)!;
    const reply = (await customer.lastReply())!;
    expect(reply).toMatchObject({ status: 'delivered', providerMessageId: sent.sid });
    expect(reply.sentAt).not.toBeNull();
    expect(reply.receiptAt).not.toBeNull();
    expect(reply.billedSegments).toBe(1);
  });

  it('records the send itself when the sender never does (gone after Twilio took it)', async () => {
    const customer = newCustomer();
    await customer.text('人工');
    const reply = (await customer.lastReply())!;
    // As a sender that died between Twilio's answer and its record leaves it: claimed, no sid.
    await hx.ds.manager.update(Message, { id: reply.id }, { provider: 'twilio', ...claimedUntil(new Date(Date.now() + 60_000)) });
    const started = Date.now();
    await postStatus(`${PUBLIC_URL}/webhooks/twilio/status?m=${reply.id}`, { MessageSid: 'SMgone0001', MessageStatus: 'delivered', AccountSid: 'ACtest' }).expect(204);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);   // it waited for the sender first
    const after = await hx.ds.manager.findOneByOrFail(Message, { id: reply.id });
    expect(after).toMatchObject({ status: 'delivered', providerMessageId: 'SMgone0001' });
    expect(after.sentAt).not.toBeNull();
    // Later receipts find it by the sid it now has.
    await postStatus(`${PUBLIC_URL}/webhooks/twilio/status?m=${reply.id}`, { MessageSid: 'SMgone0001', MessageStatus: 'delivered', ErrorCode: '', AccountSid: 'ACtest' }).expect(204);
  });

  it('refuses a callback URL whose id is not a message id, naming it', async () => {
    const res = await postStatus(`${PUBLIC_URL}/webhooks/twilio/status?m=12abc`, { MessageSid: 'SMx', MessageStatus: 'delivered', AccountSid: 'ACtest' }).expect(400);
    expect(res.body.error.field).toBe('m');
  });

  it('ignores a receipt for a text that is not ours, at once', async () => {
    const started = Date.now();
    await postStatus(`${PUBLIC_URL}/webhooks/twilio/status?m=99999999`, { MessageSid: 'SMnotours', MessageStatus: 'delivered', AccountSid: 'ACtest' }).expect(204);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
