import { io as connect } from 'socket.io-client';
import { Campaign, Channel, Message } from '../../../server/db/entities';
import type { CampaignProgress } from '../../../server/campaigns/campaign-contract';
import { eventually, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignServer, makeCampaign, makeSegment, nextPhone } from './support';

let hx: TestHuixin;
let token: string;
beforeAll(async () => ({ hx, token } = await campaignServer()));
afterAll(() => hx.close());

describe('segments', () => {
  it('previews a live count and a sample over tags, custom attributes and consent', async () => {
    await api(hx, token).post('/api/contact-attributes').send({ key: 'birthday', labels: { 'zh-CN': '生日', en: 'Birthday' }, type: 'date' }).expect(201);
    const match = await addContact(hx, token, { tags: ['seg-vip', 'seg-teeth'], marketing: true, attributes: { birthday: '1990-05-01' } });
    await addContact(hx, token, { tags: ['seg-vip'], marketing: true, attributes: { birthday: '1990-05-01' } });       // lacks seg-teeth
    await addContact(hx, token, { tags: ['seg-vip', 'seg-teeth'], marketing: false, attributes: { birthday: '1990-05-01' } });  // no consent
    await addContact(hx, token, { tags: ['seg-vip', 'seg-teeth'], marketing: true, attributes: { birthday: '2001-01-01' } });   // too young
    const id = await makeSegment(hx, token, {
      tagsAll: ['seg-vip', 'seg-teeth'], consent: 'marketing', attributes: [{ key: 'birthday', op: 'before', value: '1995-01-01' }],
    });
    const preview = await api(hx, token).get(`/api/segments/${id}/preview`).expect(200);
    expect(preview.body).toEqual({ count: 1, sample: [{ id: match.id, name: match.name, phone: match.phone, tags: ['seg-vip', 'seg-teeth'] }] });
    // A new contact who matches is counted at once: the definition is stored, not the list.
    await addContact(hx, token, { tags: ['seg-vip', 'seg-teeth'], marketing: true, attributes: { birthday: '1980-02-02' } });
    expect((await api(hx, token).get(`/api/segments/${id}/preview`).expect(200)).body.count).toBe(2);
    const renamed = await api(hx, token).patch(`/api/segments/${id}`).send({ name: '老客户' }).expect(200);
    expect(renamed.body).toMatchObject({ name: '老客户', definition: { tagsAll: ['seg-vip', 'seg-teeth'] } });
  });

  it('refuses a definition it cannot compile, naming the field', async () => {
    const bad = await api(hx, token).post('/api/segments').send({ name: 'x', attributes: [{ key: 'a b', op: 'equals', value: '1' }] }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'attributes.0.key' });
    const phone = await api(hx, token).post('/api/segments').send({ name: 'x', phones: ['not a phone'] }).expect(400);
    expect(phone.body.error).toMatchObject({ code: 'invalid_field', field: 'phones.0' });
    const tiers = await api(hx, token).post('/api/segments').send({ name: 'x', tiers: ['vip'] }).expect(400);
    expect(tiers.body.error.field).toBe('tiers.0');
  });
});

describe('campaigns API', () => {
  it('refuses bad input naming the field, an unknown template variable, and a channel that does not carry the category', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['api-none'] });
    const category = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'promo', segmentId, body: 'hi' }).expect(400);
    expect(category.body.error).toMatchObject({ code: 'invalid_field', field: 'category' });
    const variable = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: '{{contact.age}}' }).expect(400);
    expect(variable.body.error).toMatchObject({ code: 'invalid_field', field: 'body' });
    const segment = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId: 999999, body: 'hi' }).expect(400);
    expect(segment.body.error.field).toBe('segmentId');
    const menu = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: 'hi', menu: [{ key: '1', action: 'tag' }] }).expect(400);
    expect(menu.body.error.field).toBe('menu.0.tag');
    const channel = await hx.ds.manager.save(hx.ds.manager.create(Channel, {
      name: '通知专用', provider: 'loopback', sender: '10690001', ratePerSecond: null, carries: ['transactional'], config: {}, secrets: null, isDefault: false, active: true,
    }));
    const carrying = await api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: 'hi', channelId: channel.id }).expect(409);
    expect(carrying.body.error).toMatchObject({ code: 'channel_not_carrying', field: 'channelId' });
    expect(carrying.body.error.message).toContain('通知专用');
    expect(await hx.ds.manager.countBy(Campaign, { channelId: channel.id })).toBe(0);
  });

  it('previews each text with its parts and China billing count, and costs the whole audience', async () => {
    await api(hx, token).put('/api/campaign-settings').send({ pricePerSegment: 0.05 }).expect(200);
    const policy = (await api(hx, token).get('/api/campaign-settings').expect(200)).body;
    expect(policy).toMatchObject({ pricePerSegment: 0.05, refusalText: expect.any(String), monthlyCaps: expect.objectContaining({ active: expect.any(Number) }) });
    for (let i = 0; i < 3; i++) await addContact(hx, token, { tags: ['api-cost'], marketing: true, name: '陈' });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['api-cost'] });
    const id = await makeCampaign(hx, token, { segmentId, body: '{{contact.name}}您好，{{business.name}}春季洗牙八折，详情{{link}}', link: 'https://clinic.example/spring' });
    const preview = await api(hx, token).get(`/api/campaigns/${id}/preview`).expect(200);
    expect(preview.body.audience).toBe(3);
    expect(preview.body.samples).toHaveLength(3);
    const sample = preview.body.samples[0];
    expect(sample.body).toContain('陈您好');
    // A short link of the real length stands in for each recipient's own, so the parts counted are the real ones.
    expect(sample.body).toMatch(/详情http:\/\/\S+\/s\/[0-9A-Za-z]{8}/);
    expect(sample.body.endsWith('拒收请回复R')).toBe(true);
    expect(sample).toMatchObject({ encoding: 'UCS-2', segments: 1, chinaBilled: 1 });
    expect(preview.body.estimate).toEqual({ segments: 3, chinaBilled: 3, pricePerSegment: 0.05, cost: 0.15 });
  });

  it('sends a test to the admin’s own phone without counting it, and tells admins’ sockets how a campaign goes', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['api-live'] });
    await addContact(hx, token, { tags: ['api-live'], marketing: true });
    const id = await makeCampaign(hx, token, { segmentId });
    const none = await api(hx, token).post(`/api/campaigns/${id}/test`).send({}).expect(409);
    expect(none.body.error.code).toBe('no_phone');
    const own = nextPhone();
    await api(hx, token).patch('/api/me').send({ phone: own }).expect(200);
    const sent = await api(hx, token).post(`/api/campaigns/${id}/test`).send({}).expect(202);
    const test = await hx.ds.manager.findOneByOrFail(Message, { id: sent.body.messageId });
    expect(test.campaignId).toBeNull();
    expect(test.body).toContain('洗牙8折');

    const socket = connect(hx.url, { auth: { token }, transports: ['websocket'] });
    const progress: CampaignProgress[] = [];
    socket.on('campaign:progress', (p) => progress.push(p));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    try {
      await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
      const seen = await eventually(() => progress.find((p) => p.campaignId === id && p.stats.queued === 1));
      expect(seen).toMatchObject({ status: 'running', takenDown: false, stats: { targeted: 1, sent: 0 } });
      const view = await api(hx, token).get(`/api/campaigns/${id}`).expect(200);
      expect(view.body.stats).toMatchObject({ targeted: 1, queued: 1, clicked: 0, booked: 0 });
      const list = await api(hx, token).get('/api/campaigns').expect(200);
      expect(list.body.items.find((c: { id: number }) => c.id === id)).toMatchObject({ status: 'running' });
    } finally {
      socket.close();
    }
  });

  it('changes only a draft', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['api-draft'] });
    const id = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '通知' });
    await api(hx, token).patch(`/api/campaigns/${id}`).send({ body: '新的通知' }).expect(200);
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const late = await api(hx, token).patch(`/api/campaigns/${id}`).send({ body: '再改' }).expect(409);
    expect(late.body.error.code).toBe('invalid_status');
  });
});
