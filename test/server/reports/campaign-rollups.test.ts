import { checkedRequest as request } from '../../support/openapi-check';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { loadConfig } from '../../../server/config';
import { CampaignRecipient, Message, ShortLink, type Contact } from '../../../server/db/entities';
import { campaignFigures } from '../../../server/reports/campaign-figures';
import { backfillCampaignReport } from '../../../server/reports/campaign-report-backfill';
import { pricedChannels } from '../../../server/reports/channel-prices';
import { rebuildRollups } from '../../../server/reports/rollup-rebuild';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { local } from '../appointments/support';
import { addContact, api, makeCampaign, makeSegment } from '../campaigns/support';

/**
 * Issue 17, "fast at size": the campaigns report reads roll-ups kept by the writers (campaign-rollups.ts). Built through
 * the real paths — the campaigns API, the sender on Twilio, Twilio's status callbacks, the customers' texts on Twilio's
 * webhook, a short link opened, a booking by the campaign's menu, an opt-out, a cancel, an erasure — the report's
 * figures must be the rows' figures, and the rebuild and the upgrade's backfill must write what live upkeep wrote.
 * Shanghai, March 2027; the A/B campaign leaves on 10 March at 10:00.
 */
const AUTH_TOKEN = 'campaign-rollups-token';
const PUBLIC_URL = 'https://huixin.example.com';
const MARCH = 'from=2027-03-01&to=2027-03-31';
const MARCH_RANGE = { start: local('2027-03-01 00:00'), end: local('2027-04-01 00:00') };
const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const VARIANTS = [{ key: 'A', body: '洗牙8折，详情 {{link}} 回复1预约', weight: 1 }, { key: 'B', body: '春季洗牙优惠 {{link}} 回复1预约', weight: 1 }];

let twilio: FakeTwilio;
let hx: TestHuixin;
let token: string;
let sid = 0;
let spring = 0;
let notice = 0;
/** The A/B campaign's recipients whose text Twilio took, by role (below); `refused` is the one it refused outright. */
const who: Record<string, Contact> = {};

async function at(time: string): Promise<void> {
  hx.clock.set(local(time));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
}

async function textIn(time: string, contact: Contact, body: string): Promise<void> {
  await at(time);
  const params = { MessageSid: `SMin${String(++sid).padStart(28, '0')}`, AccountSid: 'ACtest', From: contact.phone, To: '+8610690001', Body: body, NumMedia: '0' };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
  await request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200);
  await hx.sender.drain();
}

/** Twilio's status callback for the campaign text to `contact` (the first text Twilio took for that number). */
async function receipt(time: string, contact: Contact, status: string): Promise<void> {
  await at(time);
  const sent = twilio.sends.find((s) => s.to === contact.phone)!;
  const params = { MessageSid: sent.sid, MessageStatus: status, To: contact.phone, NumSegments: '1' };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio/status`, params);
  await request(hx.url).post('/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params).expect(204);
}

const contactOf = async (m: Message) => (await hx.ds.manager.findOneByOrFail<Contact>('Contact', { id: m.contactId }));
const variantOf = async (c: Contact) => (await hx.ds.manager.findOneByOrFail(CampaignRecipient, { campaignId: spring, contactId: c.id })).variant;
const report = async () => (await api(hx, token).get(`/api/reports/campaigns?${MARCH}`).expect(200)).body;
const fromRows = async () => JSON.parse(JSON.stringify(await campaignFigures(hx.ds.manager, MARCH_RANGE, await pricedChannels(hx.ds.manager), 'rows')));
// Rows left at zero count nothing (swept once their period is over, rollup-store.ts); a rebuild writes none.
const campaignRollups = async () => hx.ds.manager.query(`SELECT grain, bucket, value, channel_id AS channelId, state, n, segments
  FROM report_rollups WHERE kind = 'campaign' AND (n <> 0 OR segments <> 0) ORDER BY grain, bucket, value, channel_id, state`) as Promise<Array<Record<string, unknown>>>;
const normalised = (rows: Array<Record<string, unknown>>) => rows.map((r) => ({ ...r, state: String(r.state), bucket: Number(r.bucket), channelId: Number(r.channelId), n: Number(r.n), segments: Number(r.segments) }));

beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  hx = await startTestHuixin({ ...twilioEnv(twilio, AUTH_TOKEN), PUBLIC_URL }, { startSender: false, startWorkers: false });
  await at('2027-03-09 12:00');
  const people: Contact[] = [];
  for (let i = 0; i < 10; i++) people.push(await addContact(hx, token, { tags: ['spring'], marketing: true }));
  for (let i = 0; i < 3; i++) await addContact(hx, token, { tags: ['notice'] });

  // The A/B campaign: everyone in the test; Twilio refuses the first text outright (failed, never sent).
  await at('2027-03-10 10:00');
  spring = await makeCampaign(hx, token, {
    name: '春季洗牙', body: 'x', segmentId: await makeSegment(hx, token, { tagsAny: ['spring'] }), variants: VARIANTS, testShare: 100,
    winnerBy: 'replies', winnerAfterHours: 24, link: 'https://clinic.example/spring', menu: [{ key: '1', action: 'book' }],
  });
  await api(hx, token).post(`/api/campaigns/${spring}/start`).send({}).expect(200);
  twilio.failNext = [{ status: 400, code: 21211 }];
  await hx.sender.drain();
  const texts = await hx.ds.manager.find(Message, { where: { campaignId: spring }, order: { id: 'ASC' } });
  const refused = texts.find((m) => m.status === 'failed' && !m.sentAt)!;
  who.refused = await contactOf(refused);
  const roles = ['at71h', 'at73h', 'optedOut', 'clicked', 'booked', 'lateDelivery', 'receiptAfterReply', 'pending', 'undelivered'];
  const sent = texts.filter((m) => m.status === 'sent');
  expect(sent).toHaveLength(roles.length);
  for (const [i, role] of roles.entries()) who[role] = await contactOf(sent[i]!);

  for (const role of ['at71h', 'at73h', 'optedOut', 'clicked', 'booked']) await receipt('2027-03-10 10:01', who[role]!, 'delivered');
  await receipt('2027-03-10 10:01', who.undelivered!, 'undelivered');
  await receipt('2027-03-10 10:01', who.lateDelivery!, 'undelivered');
  await textIn('2027-03-10 10:20', who.lateDelivery!, '收到了');          // answered while its text was still undelivered…
  await receipt('2027-03-10 10:30', who.lateDelivery!, 'delivered');     // …then a late "delivered": the reply counts now
  await textIn('2027-03-10 11:00', who.receiptAfterReply!, '几点开门？');  // a reply before its text's receipt
  await receipt('2027-03-10 13:00', who.receiptAfterReply!, 'delivered');
  await textIn('2027-03-10 11:00', who.pending!, '好的');                 // no receipt ever: not delivered, not counted
  await textIn('2027-03-10 11:05', who.booked!, '1');                    // a booking: "1", then a time
  await textIn('2027-03-10 11:06', who.booked!, 'B');
  await textIn('2027-03-10 12:00', who.optedOut!, 'TD');                 // an opt-out (and a reply)
  await at('2027-03-10 14:00');
  const link = await hx.ds.manager.findOneByOrFail(ShortLink, { campaignId: spring, contactId: who.clicked!.id });
  await request(hx.url).get(`/s/${link.code}`).set('User-Agent', PHONE_BROWSER).expect(302);
  await eventually(async () => (await hx.ds.manager.findOneByOrFail(ShortLink, { id: link.id })).firstClickedAt);
  await textIn('2027-03-13 09:00', who.at71h!, '还有优惠吗');             // 71 h after its text left: a reply
  await textIn('2027-03-13 11:00', who.at73h!, '还有优惠吗');             // 73 h after: too late

  // A notice paced at one text a second, cancelled after the first left: the others are refused and count nowhere.
  await at('2027-03-12 10:00');
  notice = await makeCampaign(hx, token, { name: '停诊通知', category: 'transactional', body: '本周六停诊', ratePerSecond: 1, segmentId: await makeSegment(hx, token, { tagsAny: ['notice'] }) });
  await api(hx, token).post(`/api/campaigns/${notice}/start`).send({}).expect(200);
  await hx.sender.drain();
  await api(hx, token).post(`/api/campaigns/${notice}/cancel`).send({}).expect(200);
  const noticeTexts = await hx.ds.manager.find(Message, { where: { campaignId: notice } });
  expect(noticeTexts.map((m) => m.status).sort()).toEqual(['refused', 'refused', 'sent']);
  who.noticed = await contactOf(noticeTexts.find((m) => m.status === 'sent')!);
  await receipt('2027-03-12 10:05', who.noticed, 'delivered');
}, 120_000);
afterAll(async () => { await hx?.close(); await twilio?.stop(); });

describe('the campaigns report from roll-ups', () => {
  it('counts what the rows count: a reply at 71 h but not 73 h, a receipt after the reply, a late delivery, A/B variants, a cancel', async () => {
    const body = await report();
    expect(body.campaigns).toEqual(await fromRows());
    const [notices, ab] = [body.campaigns.find((c: { id: number }) => c.id === notice), body.campaigns.find((c: { id: number }) => c.id === spring)];
    // Delivered: at71h, at73h, optedOut, clicked, booked, lateDelivery, receiptAfterReply; replied: at71h, optedOut (TD),
    // booked ("1"), lateDelivery, receiptAfterReply — not at73h (73 h), not pending (never delivered). Failed: the
    // undelivered one; the text refused outright counts in the hour it failed, which is the database's clock
    // (updated_at = CURRENT_TIMESTAMP), not the test's March: counted there, in the roll-ups as in the rows.
    expect(ab).toMatchObject({ sent: 9, delivered: 7, pending: 1, failed: 1, replied: 5, optedOut: 1, clicked: 1, booked: 1, parts: 9 });
    const refused = await hx.ds.manager.findOneByOrFail(Message, { campaignId: spring, contactId: who.refused!.id });
    const hour = Math.floor(refused.updatedAt.getTime() / 3_600_000);
    expect(normalised(await campaignRollups()).filter((r) => r.state === 'failed')).toEqual([
      { grain: 'd', bucket: Math.floor(hour / 24) * 24, value: `${spring}|${(await variantOf(who.refused!))}|zh-CN`, channelId: 0, state: 'failed', n: 1, segments: 0 },
      { grain: 'h', bucket: hour, value: `${spring}|${(await variantOf(who.refused!))}|zh-CN`, channelId: 0, state: 'failed', n: 1, segments: 0 },
    ]);
    expect(ab.variants.map((v: { key: string }) => v.key)).toEqual(['A', 'B']);
    expect(ab.variants.reduce((sum: number, v: { sent: number }) => sum + v.sent, 0)).toBe(9);
    expect(notices).toMatchObject({ sent: 1, delivered: 1, failed: 0 });
  });

  it('rebuilds exactly what live upkeep wrote, and the upgrade backfills exactly what the rebuild writes', async () => {
    const live = normalised(await campaignRollups());
    expect(live.length).toBeGreaterThan(0);
    const config = loadConfig({ ...twilioEnv(twilio, AUTH_TOKEN) });
    await rebuildRollups(hx.ds, config, { from: local('2027-03-01 00:00'), to: local('2027-04-02 00:00') });
    expect(normalised(await campaignRollups())).toEqual(live);
    await backfillCampaignReport(hx.ds.manager);
    expect(normalised(await campaignRollups())).toEqual(live);
  });

  it('an erased recipient leaves the figures as it leaves the rows', async () => {
    await at('2027-03-20 10:00');
    await request(hx.url).delete(`/api/contacts/${who.optedOut!.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    const body = await report();
    expect(body.campaigns).toEqual(await fromRows());
    expect(body.campaigns.find((c: { id: number }) => c.id === spring)).toMatchObject({ sent: 8, delivered: 6, replied: 4, optedOut: 0 });
  });

  it('a new language and a merge of two people regroup the figures as they regroup the rows', async () => {
    const as = <T extends { set: (k: string, v: string) => T }>(r: T) => r.set('Authorization', `Bearer ${token}`);
    await as(request(hx.url).patch(`/api/contacts/${who.at71h!.id}`)).send({ locale: 'en' }).expect(200);
    // The notice's recipient keeps; the spring recipient folded into it leaves its A/B recipient row behind, so its
    // text counts in the campaign's totals only (no variant) — in the rows, and in the roll-ups.
    await as(request(hx.url).post(`/api/contacts/${who.noticed!.id}/merge`)).send({ otherId: who.at73h!.id }).expect(200);
    const body = await report();
    expect(body.campaigns).toEqual(await fromRows());
    const ab = body.campaigns.find((c: { id: number }) => c.id === spring);
    expect(ab.byLanguage.find((l: { language: string }) => l.language === 'en')).toMatchObject({ sent: 1, delivered: 1, replied: 1 });
    expect(ab.variants.reduce((sum: number, v: { sent: number }) => sum + v.sent, 0)).toBe(ab.sent - 1);
    expect(body.campaigns.find((c: { id: number }) => c.id === notice)).toMatchObject({ sent: 1, delivered: 1 });
  });

  it('a receipt and a reply for the same text at the same moment count the reply once (MariaDB: on two connections)', async () => {
    await at('2027-03-16 12:00');
    const people: Contact[] = [];
    for (let i = 0; i < 12; i++) people.push(await addContact(hx, token, { tags: ['race'] }));
    await at('2027-03-17 10:00');
    const race = await makeCampaign(hx, token, { name: '同时', category: 'transactional', body: '本周日照常营业', segmentId: await makeSegment(hx, token, { tagsAny: ['race'] }) });
    await api(hx, token).post(`/api/campaigns/${race}/start`).send({}).expect(200);
    await hx.sender.drain();
    await at('2027-03-17 10:05');
    const send = async (contact: Contact, path: string, params: Record<string, string>) => {
      const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params);
      await request(hx.url).post(path).type('form').set('X-Twilio-Signature', signature).send(params);
    };
    await Promise.all(people.map((contact) => Promise.all([
      send(contact, '/webhooks/twilio/status', { MessageSid: twilio.sends.find((s) => s.to === contact.phone)!.sid, MessageStatus: 'delivered', To: contact.phone, NumSegments: '1' }),
      send(contact, '/webhooks/twilio', { MessageSid: `SMin${String(++sid).padStart(28, '0')}`, AccountSid: 'ACtest', From: contact.phone, To: '+8610690001', Body: '收到', NumMedia: '0' }),
    ])));
    await hx.sender.drain();
    const body = await report();
    expect(body.campaigns).toEqual(await fromRows());
    expect(body.campaigns.find((c: { id: number }) => c.id === race)).toMatchObject({ sent: 12, delivered: 12, replied: 12 });
  });
});
