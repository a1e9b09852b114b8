import { checkedRequest as request } from '../../support/openapi-check';
import { smsCost } from '../../../server/admin/sms-segments';
import { CampaignRecipient, ShortLink, type Contact } from '../../../server/db/entities';
import { ADMIN, eventually, type TestHuixin } from '../../support/test-server';
import { local } from '../appointments/support';
import { csvOf } from './support';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, textIn } from '../campaigns/support';

/**
 * Issue 17, campaigns: March in Shanghai, built through the campaigns API, the real sender, the customers' texts and
 * a short link opened — an A/B campaign with replies inside and outside 72 hours, an opt-out, a click, a booking;
 * a transactional notice sent at 07:00 on 1 March (still February in UTC) and another at 07:00 on 1 April (still
 * March in UTC); a February campaign for the previous period. Every figure is worked out by hand below.
 */
const MARCH = 'from=2027-03-01&to=2027-03-31';
const PRICE = 0.045;
const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const VARIANTS = [{ key: 'A', body: '洗牙8折，详情 {{link}} 回复1预约', weight: 1 }, { key: 'B', body: '春季洗牙优惠 {{link}} 回复1预约', weight: 1 }];

let hx: TestHuixin;
let token: string;
const ab = { id: 0, contacts: [] as Contact[] };
let notice = 0;

async function campaign(tag: string, fields: Record<string, unknown>, startAt: string): Promise<number> {
  hx.clock.set(local(startAt));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);   // a session does not live for months of test clock
  const id = await makeCampaign(hx, token, { segmentId: await makeSegment(hx, token, { tagsAny: [tag] }), ...fields });
  await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
  await hx.sender.drain();
  return id;
}

async function textAt(time: string, contact: Contact, body: string): Promise<void> {
  hx.clock.set(local(time));
  await textIn(hx, contact.phone, body);
  await hx.sender.drain();
}

beforeAll(async () => {
  ({ hx, token } = await campaignServer());
  // February (the period before): two recipients, one answers.
  hx.clock.set(local('2027-02-19 12:00'));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  const february = [await addContact(hx, token, { tags: ['feb'], marketing: true }), await addContact(hx, token, { tags: ['feb'], marketing: true })];
  await campaign('feb', { name: '二月', body: '二月洗牙优惠' }, '2027-02-20 10:00');
  await textAt('2027-02-20 11:00', february[0]!, '好的');

  // 1 March 07:00 in Shanghai (28 Feb 23:00 UTC): a transactional notice, which no send window holds back.
  hx.clock.set(local('2027-02-28 12:00'));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  for (let i = 0; i < 3; i++) await addContact(hx, token, { tags: ['notice'] });
  notice = await campaign('notice', { name: '春节后营业通知', category: 'transactional', body: '本诊所3月1日起恢复营业' }, '2027-03-01 07:00');

  // The A/B campaign: nine contacts in Chinese and one in English, everyone in the test.
  hx.clock.set(local('2027-03-09 12:00'));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  for (let i = 0; i < 9; i++) ab.contacts.push(await addContact(hx, token, { tags: ['spring'], marketing: true }));
  const res = await api(hx, token).post('/api/contacts').send({ phone: '+14155550188', name: 'Alex', tags: ['spring'], marketingConsent: true }).expect(201);
  ab.contacts.push(await hx.ds.manager.findOneByOrFail<Contact>('Contact', { id: res.body.id }));
  ab.id = await campaign('spring', {
    name: '春季洗牙', body: 'x', variants: VARIANTS, testShare: 100, winnerBy: 'replies', winnerAfterHours: 24,
    link: 'https://clinic.example/spring', menu: [{ key: '1', action: 'book' }],
  }, '2027-03-10 10:00');
  const [c1, c2, c3, c4, c5, c6] = ab.contacts;
  const alex = ab.contacts[9]!;
  await textAt('2027-03-10 11:00', c1!, '几点开门？');           // a reply
  await textAt('2027-03-10 11:00', alex, 'what time do you open?');
  await textAt('2027-03-10 11:05', c2!, '1');                    // a booking: "1", then a time
  await textAt('2027-03-10 11:06', c2!, 'B');
  await textAt('2027-03-10 12:00', c3!, 'TD');                   // an opt-out (and a reply)
  const link = await hx.ds.manager.findOneByOrFail(ShortLink, { campaignId: ab.id, contactId: c4!.id });
  await request(hx.url).get(`/s/${link.code}`).set('User-Agent', PHONE_BROWSER).expect(302);
  await eventually(async () => (await hx.ds.manager.findOneByOrFail(ShortLink, { id: link.id })).firstClickedAt);
  await textAt('2027-03-13 18:00', c5!, '还有优惠吗');            // 80 h after: past the 72 h a reply counts in
  await textAt('2027-03-14 14:00', c6!, 'TD');                   // 100 h after: an opt-out the campaign is not blamed for

  // 1 April 07:00 in Shanghai is 31 March 23:00 UTC: April's.
  hx.clock.set(local('2027-03-31 12:00'));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  for (let i = 0; i < 2; i++) await addContact(hx, token, { tags: ['april'] });
  await campaign('april', { name: '清明营业通知', category: 'transactional', body: '清明节照常营业' }, '2027-04-01 07:00');
}, 120_000);
afterAll(() => hx.close());

const report = async (query = MARCH) => (await api(hx, token).get(`/api/reports/campaigns?${query}`).expect(200)).body;
const partsOf = async (id: number) => (await campaignMessages(hx, id)).reduce((sum, m) => sum + smsCost(m.body).segments, 0);
const money = (n: number) => Math.round(n * 10_000) / 10_000;

describe('GET /api/reports/campaigns', () => {
  it('counts each campaign that sent in March, its variants and languages, with rates over delivered, as worked out by hand', async () => {
    const body = await report();
    expect(body.campaigns.map((c: { id: number }) => c.id)).toEqual([ab.id, notice]);
    const [spring, closure] = body.campaigns;
    const springParts = await partsOf(ab.id);
    // Replied within 72 h: c1, Alex, c2 (the booking), c3 (TD); not c5 (80 h). Opted out within 72 h: c3; not c6.
    expect(spring).toMatchObject({
      name: '春季洗牙', category: 'marketing', sent: 10, delivered: 10, failed: 0, pending: 0, deliveryRate: 1,
      replied: 4, replyRate: 0.4, optedOut: 1, optOutRate: 0.1, clicked: 1, clickRate: 0.1, booked: 1, bookingRate: 0.1,
      parts: springParts, cost: money(springParts * PRICE),
    });
    // The variants as the random split fell: each counts its own recipients' responses.
    const variantOf = new Map((await hx.ds.manager.findBy(CampaignRecipient, { campaignId: ab.id })).map((r) => [r.contactId, r.variant]));
    const [c1, c2, c3, c4] = ab.contacts;
    const alex = ab.contacts[9]!;
    const expected = (key: string) => {
      const mine = (cs: Contact[]) => cs.filter((c) => variantOf.get(c.id) === key).length;
      const sent = mine(ab.contacts);
      return { key, sent, delivered: sent, replied: mine([c1!, alex, c2!, c3!]), optedOut: mine([c3!]), clicked: mine([c4!]), booked: mine([c2!]) };
    };
    expect(spring.variants).toEqual([expect.objectContaining(expected('A')), expect.objectContaining(expected('B'))]);
    expect(spring.byLanguage).toEqual([
      expect.objectContaining({ language: 'en', sent: 1, replied: 1, replyRate: 1, optedOut: 0 }),
      expect.objectContaining({ language: 'zh-CN', sent: 9, replied: 3, replyRate: 3 / 9, optedOut: 1, clicked: 1, booked: 1 }),
    ]);
    // The notice of 1 March 07:00 is March's; the April one is not here at all.
    const closureParts = await partsOf(notice);
    expect(closure).toMatchObject({ category: 'transactional', sent: 3, delivered: 3, replied: 0, replyRate: 0, variants: [], parts: closureParts });
    expect(body.totals).toMatchObject({ sent: 13, delivered: 13, replied: 4, replyRate: 4 / 13, optedOut: 1, clicked: 1, booked: 1, parts: springParts + closureParts, cost: money((springParts + closureParts) * PRICE) });
    // February: two sent, one answered.
    expect(body.previous).toMatchObject({ sent: 2, delivered: 2, replied: 1, replyRate: 0.5 });
    // The campaign page counts replies and opt-outs at any time after: c5's and c6's too.
    const page = (await api(hx, token).get(`/api/campaigns/${ab.id}`).expect(200)).body;
    expect(page.stats).toMatchObject({ sent: 10, replied: 6, optedOut: 2, clicked: 1, booked: 1 });
  });

  it('a month with no campaign answers zeros and null rates, never NaN', async () => {
    const body = await report('from=2027-05-01&to=2027-05-31');
    expect(body.campaigns).toEqual([]);
    expect(body.totals).toMatchObject({ sent: 0, deliveryRate: null, replyRate: null, bookingRate: null, cost: 0 });
  });

  it('lists the recipients behind a figure, by variant, and as CSV', async () => {
    const replied = await api(hx, token).get(`/api/reports/campaigns/items?${MARCH}&campaignId=${ab.id}&figure=replied`).expect(200);
    const [c1, c2, c3] = ab.contacts;
    const alex = ab.contacts[9]!;
    expect(replied.body.total).toBe(4);
    expect(replied.body.items.map((i: { contactId: number }) => i.contactId).sort()).toEqual([c1!.id, c2!.id, c3!.id, alex.id].sort());
    expect(replied.body.items.find((i: { contactId: number }) => i.contactId === alex.id)).toMatchObject({ phone: '+141****0188', language: 'en', contactName: 'Alex' });
    const variantA = await api(hx, token).get(`/api/reports/campaigns/items?${MARCH}&campaignId=${ab.id}&figure=sent&variant=A&limit=2`).expect(200);
    const inA = (await hx.ds.manager.findBy(CampaignRecipient, { campaignId: ab.id, variant: 'A' })).length;
    expect(variantA.body).toMatchObject({ total: inA, nextOffset: inA > 2 ? 2 : null });

    const csv = await csvOf(api(hx, token).get(`/api/reports/campaigns?${MARCH}&format=csv`));
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFcampaignId,name,category,startedAt,variant,sent,delivered,failed,pending,deliveryRate,replied,replyRate,clicked,clickRate,optedOut,optOutRate,booked,bookingRate,parts,cost');
    expect(lines[1]).toMatch(new RegExp(`^${ab.id},春季洗牙,marketing,${local('2027-03-10 10:00').toISOString().replace(/\./g, '\\.')},,10,10,0,0,1,4,0\\.4,1,0\\.1,1,0\\.1,1,0\\.1,`));
    expect(lines.filter((l) => l.startsWith(`${ab.id},`))).toHaveLength(3);
  });

  it('is for admins only', async () => {
    const agent = await request(hx.url).post('/api/auth/login').send({ email: 'wang@clinic.example', password: 'huixin-demo' }).expect(200);
    await request(hx.url).get(`/api/reports/campaigns?${MARCH}`).set('Authorization', `Bearer ${agent.body.token}`).expect(403);
    await request(hx.url).get(`/api/reports/campaigns/items?${MARCH}&campaignId=${ab.id}&figure=sent`).set('Authorization', `Bearer ${agent.body.token}`).expect(403);
  });
});
