import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Contact, Conversation } from '../../../server/db/entities';
import type { Huixin } from '../../../server/huixin';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, startAnotherNode, startTestHuixin, type TestHuixin } from '../../support/test-server';

const AUTH_TOKEN = 'cache-auth-token';
const PUBLIC_URL = 'https://huixin.example.com';
const NUMBER_B = '+8610690002';
const CUSTOMER = '+8613700190001';

let twilio: FakeTwilio;
let hx: TestHuixin;
let other: Huixin;
let token: string;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  const env = { ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL };
  hx = await startTestHuixin(env, { startSender: false });
  other = await startAnotherNode(hx, { startSender: false }, env);
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(async () => { await other.stop(); await hx.close(); await twilio.stop(); });

const admin = (url = hx.url) => ({
  post: (path: string) => request(url).post(path).set('Authorization', `Bearer ${token}`),
  patch: (path: string) => request(url).patch(path).set('Authorization', `Bearer ${token}`),
});

function textIn(url: string, from: string, to: string, body: string) {
  const params = { MessageSid: `SMcache${Date.now()}${Math.random().toString(36).slice(2, 8)}`, AccountSid: 'ACtest', From: from, To: to, Body: body, NumMedia: '0' };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
  return request(url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200);
}

const sendsTo = (phone: string) => twilio.sends.filter((s) => s.to === phone);

async function agentReply(body: string): Promise<void> {
  const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: CUSTOMER });
  const conversation = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: contact.id });
  await admin().post(`/api/conversations/${conversation.id}/messages`).send({ body }).expect(201);
}

describe('channels held in memory', () => {
  let channelId: number;

  it('routes a text to a channel created on another node a moment before', async () => {
    // Both nodes have looked at their (empty) channel list before the channel exists.
    await textIn(hx.url, '+8613700190009', NUMBER_B, '你好');
    await textIn(other.url, '+8613700190009', NUMBER_B, '你好');
    channelId = (await admin(hx.url).post('/api/channels').send({ name: 'Clinic B', provider: 'twilio', sender: NUMBER_B }).expect(201)).body.id;
    await new Promise((r) => setTimeout(r, 1100));   // the other node rechecks its copy within a second
    await textIn(other.url, CUSTOMER, NUMBER_B, '人工');
    await other.sender.drain();
    expect(sendsTo(CUSTOMER).map((s) => s.from)).toEqual([NUMBER_B]);
  });

  it('sends the next message from the new sender as soon as the channel is patched, on every node', async () => {
    await admin(hx.url).patch(`/api/channels/${channelId}`).send({ sender: '+8610690003' }).expect(200);
    await agentReply('改号之后');
    await other.sender.drain();   // the node that did not take the PATCH, in its very next batch
    expect(sendsTo(CUSTOMER).at(-1)).toMatchObject({ from: '+8610690003', body: expect.stringContaining('改号之后') });
  });

  it('paces the next messages at a rate patched a moment before', async () => {
    await admin(hx.url).patch(`/api/channels/${channelId}`).send({ ratePerSecond: 4 }).expect(200);
    for (let i = 0; i < 5; i++) await agentReply(`第${i}条`);
    const before = sendsTo(CUSTOMER).length;
    await hx.sender.drain();
    const at = sendsTo(CUSTOMER).slice(before).map((s) => s.at.getTime());
    expect(at).toHaveLength(5);
    // Five at 4/s: four intervals of ~250 ms (the fake's clock sees each after an HTTP hop); unpaced they take a few ms.
    expect(at[4] - at[0]).toBeGreaterThanOrEqual(900);
  });
});
