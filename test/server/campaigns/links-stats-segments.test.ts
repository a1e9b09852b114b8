import request from 'supertest';
import { ShortLink } from '../../../server/db/entities';
import { eventually, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, textIn } from './support';

const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';

let hx: TestHuixin;
let token: string;
beforeAll(async () => ({ hx, token } = await campaignServer()));
afterAll(() => hx.close());

const codeIn = (body: string) => /\/s\/([0-9A-Za-z]{8})/.exec(body)?.[1];
const statsOf = async (id: number) => (await api(hx, token).get(`/api/campaigns/${id}`).expect(200)).body.stats;
const countOf = async (definition: Record<string, unknown>) =>
  (await api(hx, token).get(`/api/segments/${await makeSegment(hx, token, definition)}/preview`).expect(200)).body.count as number;

describe('short links in a campaign', () => {
  it('gives each recipient their own link in place of {{link}}, counted in the preview, and counts who opened it', async () => {
    const tag = 'link-offer';
    const a = await addContact(hx, token, { tags: [tag], marketing: true });
    const b = await addContact(hx, token, { tags: [tag], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const id = await makeCampaign(hx, token, { segmentId, body: '洗牙8折，详情 {{link}} ', link: 'https://clinic.example/offer' });

    const preview = await api(hx, token).get(`/api/campaigns/${id}/preview`).expect(200);
    expect(preview.body.samples[0].body).toMatch(/详情 http:\/\/\S+\/s\/[0-9A-Za-z]{8} 拒收请回复R/);

    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const messages = await campaignMessages(hx, id);
    const codes = messages.map((m) => codeIn(m.body));
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(2);
    expect(messages[0]!.body).toHaveLength(preview.body.samples[0].body.length);
    const links = await hx.ds.manager.findBy(ShortLink, { campaignId: id });
    expect(new Map(links.map((l) => [l.contactId, l.code]))).toEqual(new Map(messages.map((m) => [m.contactId, codeIn(m.body)])));
    expect(links.map((l) => l.contactId).sort()).toEqual([a.id, b.id].sort());

    const mine = codeIn(messages.find((m) => m.contactId === a.id)!.body)!;
    await request(hx.url).get(`/s/${mine}`).set('User-Agent', PHONE_BROWSER).expect(302).expect('Location', 'https://clinic.example/offer');
    await request(hx.url).get(`/s/${mine}`).set('User-Agent', PHONE_BROWSER).expect(302);
    await request(hx.url).get(`/s/${codeIn(messages.find((m) => m.contactId === b.id)!.body)}`).set('User-Agent', 'facebookexternalhit/1.1').expect(302);
    await eventually(async () => (await statsOf(id)).clicked === 1);
    expect(await countOf({ clicked: id })).toBe(1);
  });

  it('refuses a link that is no web address, and {{link}} without a link, naming the field', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['nobody'] });
    const bad = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: '看 {{link}}', link: 'javascript:alert(1)' }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'link' });
    const missing = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: '看 {{link}}' }).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid_field', field: 'link' });
  });
});

describe('replies and bookings of a campaign', () => {
  it('counts who replied and who booked answering its menu, and segments by either', async () => {
    const tag = 'recall-stats';
    const booker = await addContact(hx, token, { tags: [tag], marketing: true });
    const chatter = await addContact(hx, token, { tags: [tag], marketing: true });
    await addContact(hx, token, { tags: [tag], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const id = await makeCampaign(hx, token, { segmentId, body: '半年没来洗牙了，回复1预约', menu: [{ key: '1', action: 'book' }] });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await hx.sender.drain();

    await textIn(hx, booker.phone, '1');
    await textIn(hx, booker.phone, 'B');
    await textIn(hx, chatter.phone, '几点开门？');

    expect(await statsOf(id)).toMatchObject({ sent: 3, replied: 2, booked: 1 });
    expect(await countOf({ repliedTo: id })).toBe(2);
    expect(await countOf({ repliedTo: id, repliedWith: '1' })).toBe(1);
    expect(await countOf({ booked: id })).toBe(1);
    const bookedSample = await api(hx, token).get(`/api/segments/${await makeSegment(hx, token, { booked: id })}/preview`).expect(200);
    expect(bookedSample.body.sample.map((c: { id: number }) => c.id)).toEqual([booker.id]);
  });

  it('refuses repliedWith without the campaign it answers', async () => {
    const res = await api(hx, token).post('/api/segments').send({ name: 's', repliedWith: '1' }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', field: 'repliedWith' });
  });
});
