import { Campaign } from '../../../server/db/entities';
import type { TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment } from './support';

// Issue 16: "copy a campaign" — a new draft saying the same to the same people, none of what happened to the first.
let hx: TestHuixin;
let token: string;
beforeAll(async () => { ({ hx, token } = await campaignServer()); });
afterAll(async () => { await hx.close(); });

const VARIANTS = [{ key: 'A', body: '{{contact.name}}，洗牙8折 {{link}}', weight: 1 }, { key: 'B', body: '春季洗牙优惠 {{link}}', weight: 3 }];
const copyOf = async (id: number) => (await api(hx, token).post(`/api/campaigns/${id}/copy`).send({}).expect(201)).body.id as number;
const view = async (id: number) => (await api(hx, token).get(`/api/campaigns/${id}`).expect(200)).body;
const setLocale = (locale: string) => api(hx, token).patch('/api/me').send({ locale }).expect(200);

describe('copying a campaign', () => {
  afterEach(() => setLocale('zh-CN'));

  it('makes a draft with what the campaign says and to whom, and none of what happened to it', async () => {
    await addContact(hx, token, { tags: ['copy-sent'], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['copy-sent'] });
    const id = await makeCampaign(hx, token, {
      name: '春季洗牙', segmentId, body: VARIANTS[0]!.body, link: 'https://clinic.example/spring', variants: VARIANTS, testShare: 50, winnerBy: 'clicks',
      winnerAfterHours: 12, menu: [{ key: '1', action: 'book' }, { key: '2', action: 'tag', tag: 'want-details' }], ratePerSecond: 5,
      sendAt: '2026-11-25T01:00:00.000Z',
    });
    // It went out (to its test share), a winner was chosen and its content was taken down, then restored.
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await api(hx, token).post(`/api/campaigns/${id}/cancel`).send({}).expect(200);
    await hx.ds.manager.update(Campaign, { id }, {
      extendCode: '42', complaintsReviewed: 6, startedAt: hx.clock.now(),
      winner: { key: 'B', pValue: 0.01, significant: true, reason: { code: 'significant', best: { sent: 10, successes: 5 }, rest: { sent: 10, successes: 0 }, alpha: 0.05 }, decidedAt: hx.clock.now().toISOString() },
    });
    const original = await view(id);

    const copyId = await copyOf(id);
    expect(copyId).not.toBe(id);
    const copy = await view(copyId);
    for (const field of ['category', 'segmentId', 'body', 'menu', 'link', 'variants', 'testShare', 'winnerBy', 'winnerAfterHours', 'ratePerSecond', 'channelId', 'trigger', 'providerTemplate']) {
      expect({ field, value: copy[field] }).toEqual({ field, value: original[field] });
    }
    expect(copy).toMatchObject({
      name: '春季洗牙（副本）', status: 'draft', sendAt: null, winner: null, extendCode: null, takenDown: false, startedAt: null,
      stats: { targeted: 0, queued: 0, sent: 0 },
    });
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id: copyId })).toMatchObject({ complaintsReviewed: 0, testQueuedAt: null, audienceDone: false, duplicates: 0 });
    expect(await campaignMessages(hx, copyId)).toEqual([]);
    // A draft like any other: the editor can change it, and the original is untouched.
    await api(hx, token).patch(`/api/campaigns/${copyId}`).send({ name: '秋季洗牙' }).expect(200);
    expect((await view(id)).name).toBe('春季洗牙');
  });

  it("names the copy in the admin's language and keeps the mark when the name is already long", async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['copy-name'] });
    await setLocale('en');
    const spring = await makeCampaign(hx, token, { name: 'Spring cleaning', segmentId });
    expect((await view(await copyOf(spring))).name).toBe('Spring cleaning (copy)');
    const long = await makeCampaign(hx, token, { name: 'x'.repeat(100), segmentId });
    expect((await view(await copyOf(long))).name).toBe(`${'x'.repeat(93)} (copy)`);
    await setLocale('zh-CN');
    expect((await view(await copyOf(spring))).name).toBe('Spring cleaning（副本）');
  });

  it('keeps a triggered campaign and its trigger as a draft that starts afresh', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['copy-trigger'] });
    const id = await makeCampaign(hx, token, { segmentId, trigger: { kind: 'last_visit', months: 6 } });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const copy = await view(await copyOf(id));
    expect(copy).toMatchObject({ status: 'draft', trigger: { kind: 'last_visit', months: 6 }, startedAt: null });
    await api(hx, token).post(`/api/campaigns/${copy.id}/start`).send({}).expect(200);
    expect((await view(copy.id)).status).toBe('running');
  });

  it('refuses to copy content taken down for complaints until an admin reviews it, and an unknown campaign', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['copy-down'] });
    const id = await makeCampaign(hx, token, { segmentId });
    await hx.ds.manager.update(Campaign, { id }, { takenDown: true, status: 'paused', pausedReason: 'complaints' });
    const before = await hx.ds.manager.count(Campaign);
    const refused = await api(hx, token).post(`/api/campaigns/${id}/copy`).send({}).expect(409);
    expect(refused.body.error.code).toBe('taken_down');
    expect(await hx.ds.manager.count(Campaign)).toBe(before);

    await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision: 'restore' }).expect(200);
    expect((await view(await copyOf(id))).takenDown).toBe(false);
    expect((await api(hx, token).post('/api/campaigns/999999/copy').send({}).expect(404)).body.error.code).toBe('not_found');
  });
});
