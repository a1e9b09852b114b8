import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Contact, ConsentEvent, Message } from '../../server/db/entities';
import { eventually, startTestHuixin, type TestHuixin } from '../support/test-server';

const AUTH_TOKEN = 'test-auth-token-123';
const PUBLIC_URL = 'https://huixin.example.com';

let hx: TestHuixin;
beforeAll(async () => {
  hx = await startTestHuixin({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL });
});
afterAll(() => hx.close());

let sidCounter = 0;
const nextSid = () => `SM${Date.now().toString(16)}${String(++sidCounter).padStart(8, '0')}`;

function inboundParams(overrides: Record<string, string> = {}): Record<string, string> {
  return { MessageSid: nextSid(), AccountSid: 'ACtest', From: '+8613700137000', To: '+8610690000', Body: '你好', NumMedia: '0', ...overrides };
}

/** Posts as Twilio would: form-encoded and signed over PUBLIC_URL + path (the proxy's view, not ours). */
function postSigned(path: string, params: Record<string, string>) {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
  return request(hx.url).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}

const countMessages = () => hx.ds.manager.count(Message);

describe('POST /webhooks/twilio', () => {
  it('accepts a correctly signed message and answers with TwiML', async () => {
    const res = await postSigned('/webhooks/twilio', inboundParams({ From: '+8613700137001' })).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/xml/);
    expect(res.text).toContain('<Response>');
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613700137001' });
    expect(await hx.ds.manager.countBy(Message, { contactId: contact.id, direction: 'in' })).toBe(1);
  });

  it('refuses a forged signature with 403 and stores nothing', async () => {
    const before = await countMessages();
    const params = inboundParams();
    const res = await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', 'bm90LXRoZS1zaWduYXR1cmU=').send(params).expect(403);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(await countMessages()).toBe(before);
  });

  it('refuses a signature computed over different parameters', async () => {
    const params = inboundParams();
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, { ...params, Body: 'something else' });
    await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(403);
  });

  it('refuses a missing signature with 403', async () => {
    const res = await request(hx.url).post('/webhooks/twilio').type('form').send(inboundParams()).expect(403);
    expect(res.body.error.code).toBe('missing_signature');
  });

  it('stores one message and sends one reply when the same MessageSid arrives five times', async () => {
    const params = inboundParams({ From: '+8613700137002', Body: '人工' });
    for (let i = 0; i < 5; i++) await postSigned('/webhooks/twilio', params).expect(200);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613700137002' });
    await hx.sender.drain();
    expect(await hx.ds.manager.countBy(Message, { contactId: contact.id, direction: 'in' })).toBe(1);
    expect(await hx.ds.manager.countBy(Message, { contactId: contact.id, direction: 'out' })).toBe(1);
  });

  it('stores one message when the same MessageSid arrives five times at once', async () => {
    const params = inboundParams({ From: '+8613700137012', Body: '人工' });
    await Promise.all(Array.from({ length: 5 }, () => postSigned('/webhooks/twilio', params).expect(200)));
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613700137012' });
    expect(await hx.ds.manager.countBy(Message, { contactId: contact.id, direction: 'in' })).toBe(1);
    expect(await hx.ds.manager.countBy(Message, { contactId: contact.id, direction: 'out' })).toBe(1);
  });

  it('keeps the media URLs of an MMS', async () => {
    const params = inboundParams({ From: '+8613700137003', NumMedia: '2', MediaUrl0: 'https://api.twilio.com/m/1.jpg', MediaUrl1: 'https://api.twilio.com/m/2.jpg' });
    await postSigned('/webhooks/twilio', params).expect(200);
    const message = await hx.ds.manager.findOneByOrFail(Message, { providerMessageId: params.MessageSid });
    expect(message.media).toEqual([{ url: 'https://api.twilio.com/m/1.jpg', contentType: null }, { url: 'https://api.twilio.com/m/2.jpg', contentType: null }]);
  });

  it.each([
    ['From is missing', { From: '' }, 'From'],
    ['From is not a phone number', { From: 'not-a-phone' }, 'From'],
    ['MessageSid is missing', { MessageSid: '' }, 'MessageSid'],
    ['Body is over 1,600 characters', { Body: '好'.repeat(1601) }, 'Body'],
  ])('answers 400 naming the field when %s, storing nothing', async (_name, overrides, field) => {
    const before = await countMessages();
    const contactsBefore = await hx.ds.manager.count(Contact);
    const res = await postSigned('/webhooks/twilio', inboundParams(overrides)).expect(400);
    expect(res.body.error.field).toBe(field);
    expect(await countMessages()).toBe(before);
    expect(await hx.ds.manager.count(Contact)).toBe(contactsBefore);
  });

  it('answers 415 to a JSON body', async () => {
    const res = await request(hx.url).post('/webhooks/twilio').send({ From: '+8613700137000' }).expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});

describe('phone numbers', () => {
  it('treats 13800138001, +86 138 0013 8001 and 008613800138001 as one contact', async () => {
    for (const from of ['13800138001', '+86 138 0013 8001', '008613800138001']) {
      await postSigned('/webhooks/twilio', inboundParams({ From: from, Body: '你好' })).expect(200);
    }
    const contacts = await hx.ds.manager.findBy(Contact, { phone: '+8613800138001' });
    expect(contacts).toHaveLength(1);
    expect(await hx.ds.manager.countBy(Message, { contactId: contacts[0].id, direction: 'in' })).toBe(3);
  });
});

describe('POST /webhooks/twilio/status', () => {
  async function outboundFor(phone: string): Promise<Message> {
    await postSigned('/webhooks/twilio', inboundParams({ From: phone, Body: '人工' })).expect(200);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone });
    const out = await hx.ds.manager.findOneByOrFail(Message, { contactId: contact.id, direction: 'out' });
    // As if Twilio had accepted it: give it a Twilio sid to report on.
    await hx.ds.manager.update(Message, { id: out.id }, { provider: 'twilio', providerMessageId: `SMout${out.id}`, status: 'sent' });
    return hx.ds.manager.findOneByOrFail(Message, { id: out.id });
  }

  it('moves a message to delivered, and never back to sent', async () => {
    const out = await outboundFor('+8613700137004');
    await postSigned('/webhooks/twilio/status', { MessageSid: out.providerMessageId!, MessageStatus: 'delivered' }).expect(204);
    expect((await hx.ds.manager.findOneByOrFail(Message, { id: out.id })).status).toBe('delivered');
    await postSigned('/webhooks/twilio/status', { MessageSid: out.providerMessageId!, MessageStatus: 'sent' }).expect(204);
    expect((await hx.ds.manager.findOneByOrFail(Message, { id: out.id })).status).toBe('delivered');
  });

  it('records a failure with its error code', async () => {
    const out = await outboundFor('+8613700137005');
    await postSigned('/webhooks/twilio/status', { MessageSid: out.providerMessageId!, MessageStatus: 'undelivered', ErrorCode: '30003' }).expect(204);
    const after = await hx.ds.manager.findOneByOrFail(Message, { id: out.id });
    expect(after).toMatchObject({ status: 'undelivered', errorCode: '30003' });
  });

  it('treats ErrorCode 21610 as an opt-out with a consent event', async () => {
    const out = await outboundFor('+8613700137006');
    await postSigned('/webhooks/twilio/status', { MessageSid: out.providerMessageId!, MessageStatus: 'failed', ErrorCode: '21610' }).expect(204);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { id: out.contactId });
    expect(contact.optedOut).toBe(true);
    const events = await hx.ds.manager.findBy(ConsentEvent, { contactId: contact.id });
    expect(events).toEqual([expect.objectContaining({ kind: 'opt_out', source: 'provider', messageId: out.id })]);
  });

  it('rejects an unknown status naming the field', async () => {
    const res = await postSigned('/webhooks/twilio/status', { MessageSid: 'SMx', MessageStatus: 'teleported' }).expect(400);
    expect(res.body.error.field).toBe('MessageStatus');
  });

  it('refuses an unsigned status callback', async () => {
    await request(hx.url).post('/webhooks/twilio/status').type('form').send({ MessageSid: 'SMx', MessageStatus: 'delivered' }).expect(403);
  });
});

describe('with the loopback provider', () => {
  it('delivers the reply and marks it delivered', async () => {
    await postSigned('/webhooks/twilio', inboundParams({ From: '+8613700137007', Body: '人工' })).expect(200);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613700137007' });
    const out = await eventually(() => hx.ds.manager.findOneBy(Message, { contactId: contact.id, direction: 'out', status: 'delivered' }));
    expect(out.body).toContain('人工客服');
  });
});
