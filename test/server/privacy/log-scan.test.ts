import { Writable } from 'node:stream';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Contact, Message } from '../../../server/db/entities';
import { createLogger } from '../../../server/shared/logger';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

/** Any E.164 number, or a bare Chinese mobile: what must never reach a log in full. */
const FULL_PHONE = /\+\d{8,15}|(?<!\d)1[3-9]\d{9}(?!\d)/;
const AUTH_TOKEN = 'log-scan-auth-token';

const lines: string[] = [];
const sink = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean)); cb(); } });

let hx: TestHuixin;
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin(twilioEnv(twilio, AUTH_TOKEN), { log: createLogger('trace', sink), startSender: false });
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

let sids = 0;
/** Posts as Twilio would, signed over the URL the server sees. */
function postSigned(path: string, params: Record<string, string>) {
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${hx.url}${path}`, params);
  return request(hx.url).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
}
const inbound = (from: string, body: string) =>
  postSigned('/webhooks/twilio', { MessageSid: `SMscan${++sids}`, AccountSid: 'ACtest', From: from, To: '+8610690001', Body: body, NumMedia: '0' });

async function repliesTo(phone: string): Promise<Message[]> {
  const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone });
  return hx.ds.manager.find(Message, { where: { contactId: contact.id, direction: 'out' }, order: { id: 'ASC' } });
}

describe('the log', () => {
  it('carries no full phone number after webhooks, provider failures, opt-outs, a failed query and an unhandled route error', async () => {
    // Webhooks from several countries, one of them quoting another number in its text.
    await inbound('+8613700137000', '人工').expect(200);
    await inbound('+14155550123', 'call me back at 13900139000 please').expect(200);
    await inbound('+85291234567', '地址').expect(200);
    await inbound('+8613700137001', 'TD').expect(200);

    // Provider failures at send: a server error, a bad number, and a carrier opt-out (21610).
    twilio.failNext = [{ status: 500 }, { status: 400, code: 21211 }, { status: 400, code: 21610 }];
    await hx.sender.drain();
    await inbound('+8613700137002', '地址').expect(200);
    await hx.sender.drain();

    // A carrier opt-out reported on a status callback.
    const sent = (await repliesTo('+8613700137002')).find((m) => m.providerMessageId)!;
    await postSigned('/webhooks/twilio/status', { MessageSid: sent.providerMessageId!, MessageStatus: 'undelivered', ErrorCode: '21610' }).expect(204);

    // A failed query with a phone in its parameters (a unique violation on contacts.phone), logged as the server would.
    const duplicate = await hx.ds.manager.insert(Contact, { phone: '+8613700137000', name: null, locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: [], optedOut: false, optedOutAt: null })
      .then(() => null, (err: unknown) => err);
    expect(duplicate).toMatchObject({ name: 'QueryFailedError' });
    hx.log.error({ err: duplicate }, 'contact insert failed');

    // An unhandled route error whose query carried the sender's number: the contacts table is briefly gone.
    await hx.ds.query('ALTER TABLE contacts RENAME TO contacts_hidden');
    try {
      const res = await inbound('+85261234321', 'hello');
      expect(res.status).toBeGreaterThanOrEqual(500);
    } finally {
      await hx.ds.query('ALTER TABLE contacts_hidden RENAME TO contacts');
    }

    // Nothing anywhere in the log carries a whole number …
    expect(lines.filter((line) => FULL_PHONE.test(line))).toEqual([]);
    // … and the failures were logged all the same: masked, not dropped.
    const text = lines.join('\n');
    expect(text).toContain('+86137****7000');   // the duplicate's parameters and message
    expect(text).toContain('+852****4321');     // the route error's query parameters
    expect(text).toMatch(/"code":"21610"/);
  });
});
