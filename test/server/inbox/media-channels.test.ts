import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Channel, Message } from '../../../server/db/entities';
import { FakeFileHost, FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

const DEFAULT_TOKEN = 'default-account-token';
const PUBLIC_URL = 'https://huixin.example.com';
const SECRETS_KEY = Buffer.alloc(32, 9).toString('base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(900, 5)]);
/** Two clinics' numbers, each on a Twilio account of its own. */
const ACCOUNTS = {
  north: { accountSid: 'ACnorth', authToken: 'north-token', number: '+8610690041' },
  south: { accountSid: 'ACsouth', authToken: 'south-token', number: '+8610690051' },
};
const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;

let twilio: FakeTwilio;
let cdn: FakeFileHost;
let hx: TestHuixin;
let token: string;
const channelIds: Record<string, number> = {};
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  twilio.mediaAuth = basic('ACtest', DEFAULT_TOKEN);
  cdn = await new FakeFileHost().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, DEFAULT_TOKEN), PUBLIC_URL, CHANNEL_SECRETS_KEY: SECRETS_KEY }, { startSender: false });
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  for (const [name, a] of Object.entries(ACCOUNTS)) {
    const res = await request(hx.url).post('/api/channels').set('Authorization', `Bearer ${token}`)
      .send({ name, provider: 'twilio', sender: a.number, config: { accountSid: a.accountSid }, secrets: { authToken: a.authToken } }).expect(201);
    channelIds[name] = res.body.id as number;
  }
});
afterAll(async () => { await hx.close(); await Promise.all([twilio.stop(), cdn.stop()]); });

let counter = 0;
/** A picture an account's customer sent: Twilio keeps it under that account and lets only that account's token in. */
function pictureOf(account: { accountSid: string; authToken: string }): string {
  const n = ++counter;
  const path = `/2010-04-01/Accounts/${account.accountSid}/Messages/MM${n}/Media/ME${n}`;
  cdn.files.set(`/signed/ME${n}`, { contentType: 'image/jpeg', bytes: JPEG });
  twilio.media.set(path, { redirectTo: `${cdn.url}/signed/ME${n}?Signature=x`, auth: basic(account.accountSid, account.authToken) });
  return `${twilio.url}${path}`;
}

/** An MMS as Twilio posts it for `account`, signed with that account's token. */
async function mmsTo(account: { accountSid: string; authToken: string; number: string }, from: string, url: string): Promise<Message> {
  const params = { MessageSid: `SMmc${String(++counter).padStart(30, '0')}`, AccountSid: account.accountSid, From: from, To: account.number, Body: '', NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/jpeg' };
  const signature = getExpectedTwilioSignature(account.authToken, `${PUBLIC_URL}/webhooks/twilio`, params);
  await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200);
  return hx.ds.manager.findOneByOrFail(Message, { providerMessageId: params.MessageSid });
}

const getMedia = (id: number) => request(hx.url).get(`/api/messages/${id}/media/0`).set('Authorization', `Bearer ${token}`);
const authUsedFor = (url: string) => twilio.mediaRequests.filter((r) => r.path === new URL(url).pathname).map((r) => r.authorization);

describe('media of a text that came in on a channel', () => {
  it('is fetched with the account of the channel it arrived on, for each of two channels on different Twilio accounts', async () => {
    for (const [name, account] of Object.entries(ACCOUNTS)) {
      const url = pictureOf(account);
      const message = await mmsTo(account, `+86137001${name === 'north' ? '4' : '5'}0001`, url);
      expect(message.channelId).toBe(channelIds[name]);
      const res = await getMedia(message.id).expect(200);
      expect(Buffer.compare(res.body as Buffer, JPEG)).toBe(0);
      expect(authUsedFor(url)).toEqual([basic(account.accountSid, account.authToken)]);
    }
  });

  it('is still fetched with its channel\'s account after the channel is switched off', async () => {
    const account = ACCOUNTS.south;
    const url = pictureOf(account);
    const message = await mmsTo(account, '+8613700150002', url);
    await request(hx.url).patch(`/api/channels/${channelIds.south}`).set('Authorization', `Bearer ${token}`).send({ active: false }).expect(200);
    expect((await hx.ds.manager.findOneByOrFail(Channel, { id: channelIds.south })).active).toBe(false);
    await getMedia(message.id).expect(200);
    expect(authUsedFor(url)).toEqual([basic(account.accountSid, account.authToken)]);
  });

  it('of the default channel is fetched with the environment\'s account', async () => {
    const url = pictureOf({ accountSid: 'ACtest', authToken: DEFAULT_TOKEN });
    const message = await mmsTo({ accountSid: 'ACtest', authToken: DEFAULT_TOKEN, number: '+8610690001' }, '+8613700160001', url);
    expect(message.channelId).toBeNull();
    await getMedia(message.id).expect(200);
    expect(authUsedFor(url)).toEqual([twilio.mediaAuth]);
  });
});
