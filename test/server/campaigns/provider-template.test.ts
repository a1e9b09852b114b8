import { templateExclusion } from '../../../server/campaigns/campaign-provider-template';
import { previewTemplate } from '../../../server/channels/template-preview';
import { startCnChannelHuixin } from '../../support/cn-channel';
import type { FakeAliyun } from '../../support/fake-aliyun';
import type { FakeTencent } from '../../support/fake-tencent';
import { ADMIN, eventually, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, makeCampaign, makeSegment, recipientsOf } from './support';

// Aliyun and Tencent send approved templates only: a campaign there names its provider template (issue 16).
const ALIYUN_TEMPLATE = { code: 'SMS_200001', text: '${name}您好，本周六门诊照常开放。', params: { name: 'contact.name' } };
const ALIYUN_MARKETING = { code: 'SMS_200009', text: '${name}您好，洗牙8折，回复1预约。拒收请回复R', params: { name: 'contact.name' } };

describe('campaigns on Aliyun', () => {
  let fake: FakeAliyun;
  let hx: TestHuixin;
  let token: string;
  beforeAll(async () => {
    ({ hx, fake } = await startCnChannelHuixin('aliyun', { templates: JSON.stringify({ agent_reply: { code: 'SMS_100002', params: { content: 'body' } } }) }));
    token = await hx.loginAs(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => { await hx.close(); await fake.stop(); });

  it('will not start without a provider template, naming the field', async () => {
    await addContact(hx, token, { tags: ['pt-none'] });
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-none'] }), body: '周六照常开门' });
    const res = await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(409);
    expect(res.body.error).toMatchObject({ code: 'provider_template_required', field: 'providerTemplate' });
    expect(await campaignMessages(hx, id)).toEqual([]);
  });

  it('checks the provider template as a channel mapping is checked', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['pt-bad'] });
    const post = (providerTemplate: unknown) => api(hx, token).post('/api/campaigns').send({ name: 'c', category: 'transactional', segmentId, body: 'x', providerTemplate });
    expect((await post({ ...ALIYUN_TEMPLATE, code: '12345' }).expect(400)).body.error.field).toBe('providerTemplate.code');
    expect((await post({ ...ALIYUN_TEMPLATE, params: { who: 'contact.name' } }).expect(400)).body.error.field).toBe('providerTemplate.params.who');
    expect((await post({ ...ALIYUN_TEMPLATE, params: { name: 'contact.password' } }).expect(400)).body.error.field).toBe('providerTemplate.params.name');
  });

  it('previews what the carrier delivers and warns when a marketing template lacks the refusal text', async () => {
    await addContact(hx, token, { tags: ['pt-preview'], name: '李雷', marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['pt-preview'] });
    const withoutRefusal = await makeCampaign(hx, token, { segmentId, body: 'x', providerTemplate: { ...ALIYUN_TEMPLATE, code: 'SMS_200008' } });
    const preview = (await api(hx, token).get(`/api/campaigns/${withoutRefusal}/preview`).expect(200)).body;
    expect(preview.samples[0]).toMatchObject({ body: '【回信诊所】李雷您好，本周六门诊照常开放。', chinaBilled: 1 });
    expect(preview.providerTemplate.warnings).toEqual([{ kind: 'no_refusal', refusal: '拒收请回复R' }]);

    const withRefusal = await makeCampaign(hx, token, { segmentId, body: 'x', providerTemplate: ALIYUN_MARKETING });
    const good = (await api(hx, token).get(`/api/campaigns/${withRefusal}/preview`).expect(200)).body;
    expect(good.samples[0].body).toBe('【回信诊所】李雷您好，洗牙8折，回复1预约。拒收请回复R');
    expect(good.providerTemplate.warnings).toEqual([]);
  });

  it("sends the campaign's texts as its template code with each recipient's own parameters", async () => {
    const a = await addContact(hx, token, { tags: ['pt-send'], name: '王芳' });
    const b = await addContact(hx, token, { tags: ['pt-send'], name: '张伟' });
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-send'] }), body: '周六照常开门', providerTemplate: ALIYUN_TEMPLATE });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const sent = await eventually(() => {
      const all = [
        ...fake.sends.filter((s) => s.templateCode === 'SMS_200001').map((s): [string, string] => [s.phoneNumbers, s.templateParam.name!]),
        ...fake.batches.filter((s) => s.templateCode === 'SMS_200001').flatMap((s) => s.phoneNumbers.map((p, i): [string, string] => [p, s.templateParams[i]!.name!])),
      ];
      return all.length === 2 ? all : null;
    });
    expect(new Map(sent)).toEqual(new Map([[a.phone.replace('+86', ''), '王芳'], [b.phone.replace('+86', ''), '张伟']]));
    const rows = await campaignMessages(hx, id);
    expect(rows.map((m) => [m.templateKey, m.body])).toEqual(expect.arrayContaining([[`campaign:${id}`, '王芳您好，本周六门诊照常开放。']]));
    await eventually(async () => (await campaignMessages(hx, id)).every((m) => m.status === 'sent' || m.status === 'delivered') || null);
  });

  it('leaves out a recipient whose parameter value is longer than the provider takes, with that reason, and sends the rest', async () => {
    const short = await addContact(hx, token, { tags: ['pt-long'], name: '王芳' });
    // 36 characters: Aliyun refuses a variable over 35, and with it the whole text.
    const long = await addContact(hx, token, { tags: ['pt-long'], name: '上海浦东张江高科技园区口腔医院特需门诊部主任医师兼学科带头人欧阳文华先生' });
    expect([...long.name!].length).toBe(36);
    const providerTemplate = { ...ALIYUN_TEMPLATE, code: 'SMS_200012' };
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-long'] }), body: '周六照常开门', providerTemplate });
    // The preview warns before the start, naming the parameter and the longest value.
    const preview = (await api(hx, token).get(`/api/campaigns/${id}/preview`).expect(200)).body;
    expect(preview.providerTemplate.warnings).toEqual([{ kind: 'long_value', param: 'name', length: 36 }]);

    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const recipients = await recipientsOf(hx, id);
    expect(recipients.get(long.id)).toMatchObject({ status: 'excluded', reason: 'templateValueTooLong' });
    expect(recipients.get(short.id)).toMatchObject({ status: 'queued', reason: null });
    expect((await campaignMessages(hx, id)).map((m) => m.contactId)).toEqual([short.id]);
    await eventually(() => fake.sends.find((s) => s.templateCode === 'SMS_200012') ?? fake.batches.find((b) => b.templateCode === 'SMS_200012'));
    const view = (await api(hx, token).get(`/api/campaigns/${id}`).expect(200)).body;
    expect(view.stats.excluded).toMatchObject({ templateValueTooLong: 1, missingData: 0 });
    expect(view.stats.targeted).toBe(2);
    const toLong = [...fake.sends.map((s) => s.phoneNumbers), ...fake.batches.flatMap((b) => b.phoneNumbers)].filter((p) => p === long.phone.replace('+86', ''));
    expect(toLong).toEqual([]);
  });

  it('copies the provider template with the rest of the campaign', async () => {
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-copy'] }), body: '周六照常开门', providerTemplate: ALIYUN_TEMPLATE });
    const copy = (await api(hx, token).post(`/api/campaigns/${id}/copy`).send({}).expect(201)).body.id;
    expect((await api(hx, token).get(`/api/campaigns/${copy}`).expect(200)).body).toMatchObject({ status: 'draft', providerTemplate: ALIYUN_TEMPLATE });
  });

  it("a test send goes out as the campaign's template too", async () => {
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-test'] }), body: '周六照常开门', providerTemplate: ALIYUN_TEMPLATE });
    await api(hx, token).post(`/api/campaigns/${id}/test`).send({ phone: '+8613900300111' }).expect(202);
    const sent = await eventually(() => fake.sends.find((s) => s.phoneNumbers === '13900300111'));
    expect(sent).toMatchObject({ templateCode: 'SMS_200001' });
    expect(sent.templateParam.name).toBeTruthy();
  });

  it('refuses a test send whose parameter value is longer than the provider takes, as a real send leaves such a recipient out', async () => {
    const providerTemplate = { ...ALIYUN_TEMPLATE, code: 'SMS_200013' };
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-test-long'] }), body: '周六照常开门', providerTemplate });
    // The test goes to a number whose contact has a 36-character name: Aliyun would refuse the whole text.
    const admin = await addContact(hx, token, { name: '上海浦东张江高科技园区口腔医院特需门诊部主任医师兼学科带头人欧阳文华先生' });
    const res = await api(hx, token).post(`/api/campaigns/${id}/test`).send({ phone: admin.phone }).expect(422);
    expect(res.body.error).toMatchObject({ code: 'template_value_too_long', field: 'providerTemplate.params.name' });
    expect(res.body.error.message).toMatch(/36 characters/);
    await hx.sender.drain();
    expect(fake.sends.filter((s) => s.templateCode === 'SMS_200013')).toEqual([]);
  });

  it('refuses a parameter filled with {{link}} on a campaign without a link, when saved and when started', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['pt-link'] });
    const providerTemplate = { code: 'SMS_200014', text: '${name}您好，详情见${url}', params: { name: 'contact.name', url: 'link' } };
    const created = await api(hx, token).post('/api/campaigns').send({ name: 'c', category: 'transactional', segmentId, body: '详情', providerTemplate }).expect(400);
    expect(created.body.error).toMatchObject({ code: 'invalid_field', field: 'link' });
    expect(created.body.error.message).toMatch(/url/);

    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId, body: '详情 {{link}}', link: 'https://clinic.example/x', providerTemplate });
    const patched = await api(hx, token).patch(`/api/campaigns/${id}`).send({ body: '详情', link: null }).expect(400);
    expect(patched.body.error.field).toBe('link');
    // A draft stored before this check (or whose channel became template-only since) is refused at start instead.
    await hx.ds.manager.update('Campaign', { id }, { body: '详情', link: null });
    const started = await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(400);
    expect(started.body.error.field).toBe('link');
    expect(await campaignMessages(hx, id)).toEqual([]);
  });
});

describe('which recipients a filled provider template leaves out', () => {
  const template = { code: 'SMS_1', text: '${name}您好，详情见${url}', params: { name: 'contact.name', url: 'link' } };
  const fill = (name: string | undefined) => previewTemplate({ provider: 'aliyun', signName: '诊所', text: template.text, params: template.params, samples: { contact: name === undefined ? {} : { name }, link: '{{link}}' } });

  it('names a missing value before a long one, and a short link that will not fit as too long for everyone', () => {
    expect(templateExclusion(fill('王芳'), template, 33)).toBeNull();
    expect(templateExclusion(fill('王'.repeat(36)), template, 33)).toBe('templateValueTooLong');
    expect(templateExclusion(fill(undefined), template, 33)).toBe('missingData');
    // The link is filled after this check; every recipient's has the sample's length (PUBLIC_URL + /s/ + 8).
    expect(templateExclusion(fill('王芳'), template, 44)).toBe('templateValueTooLong');
    expect(templateExclusion(fill('王芳'), { ...template, text: '${name}您好', params: { name: 'contact.name' } }, 44)).toBeNull();
  });
});

describe('campaigns on Tencent', () => {
  let fake: FakeTencent;
  let hx: TestHuixin;
  let token: string;
  beforeAll(async () => {
    ({ hx, fake } = await startCnChannelHuixin('tencent'));
    token = await hx.loginAs(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => { await hx.close(); await fake.stop(); });

  it("sends the template id with each recipient's parameters in order", async () => {
    const a = await addContact(hx, token, { tags: ['pt-tc'], name: '王芳', attributes: {} });
    const b = await addContact(hx, token, { tags: ['pt-tc'], name: '张伟' });
    const providerTemplate = { code: '300001', text: '{1}您好，{2}门诊照常开放。', params: { 1: 'contact.name', 2: 'business.name' } };
    const id = await makeCampaign(hx, token, { category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: ['pt-tc'] }), body: '周六照常开门', providerTemplate });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const sent = await eventually(() => {
      const all = fake.sends.filter((s) => s.templateId === '300001').flatMap((s) => s.phoneNumbers.map((p): [string, string] => [p, s.templateParams[0]!]));
      return all.length === 2 ? all : null;
    });
    expect(new Map(sent)).toEqual(new Map([[a.phone, '王芳'], [b.phone, '张伟']]));
    expect(fake.sends.find((s) => s.templateId === '300001')!.templateParams[1]).toBeTruthy();
  });
});
