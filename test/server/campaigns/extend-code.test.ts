import request from 'supertest';
import { Campaign, Contact, Conversation } from '../../../server/db/entities';
import { startCnChannelHuixin } from '../../support/cn-channel';
import type { FakeAliyun } from '../../support/fake-aliyun';
import { ADMIN, eventually, type TestHuixin } from '../../support/test-server';
import { addContact, api, makeCampaign, makeSegment } from './support';

// Chinese channels tie a reply to its campaign by the extension code the campaign's texts were sent on (issue 16 item 5).
const TEMPLATES = JSON.stringify({ agent_reply: { code: 'SMS_100002', params: { content: 'body' } } });

let fake: FakeAliyun;
let hx: TestHuixin;
let token: string;

beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('aliyun', { templates: TEMPLATES }));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(async () => { await hx.close(); await fake.stop(); });

const smsUp = (phone: string, content: string, destCode: string) => request(hx.url).post('/webhooks/aliyun/sms-up').set('Content-Type', 'application/json')
  .send(JSON.stringify([{ phone_number: phone.replace('+86', ''), content, send_time: '2026-11-24 11:00:00', dest_code: destCode, sequence_id: `ext-${phone}-${content}-${destCode}` }])).expect(200);

async function startedCampaign(tag: string, menuTag: string): Promise<{ campaign: Campaign; contact: Contact }> {
  const contact = await addContact(hx, token, { tags: [tag] });
  const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
  const id = await makeCampaign(hx, token, { category: 'transactional', segmentId, body: '本周六门诊照常，回复1登记',
    providerTemplate: { code: 'SMS_200001', text: '本周六门诊照常，回复1登记', params: {} }, menu: [{ key: '1', action: 'tag', tag: menuTag }] });
  await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
  return { campaign: await hx.ds.manager.findOneByOrFail(Campaign, { id }), contact };
}

describe('campaign extension codes', () => {
  it('sends each running campaign on its own code, and a reply on that code answers its menu after the thread moved on', async () => {
    const first = await startedCampaign('ext-a', 'saturday');
    const second = await startedCampaign('ext-b', 'other');
    expect(first.campaign.extendCode).toMatch(/^\d{1,4}$/);
    expect(second.campaign.extendCode).toMatch(/^\d{1,4}$/);
    expect(second.campaign.extendCode).not.toBe(first.campaign.extendCode);

    const mobile = first.contact.phone.replace('+86', '');
    const code = await eventually(() => fake.sends.find((s) => s.phoneNumbers === mobile)?.extendCode
      ?? fake.batches.map((b) => b.extendCodes?.[b.phoneNumbers.indexOf(mobile)]).find(Boolean));
    expect(code).toBe(first.campaign.extendCode);

    // Something else replaced what the thread awaits (a reminder's menu, an agent): the code still names the campaign.
    await hx.ds.manager.update(Conversation, { contactId: first.contact.id }, { awaiting: null, awaitingContext: null });
    await smsUp(first.contact.phone, '1', first.campaign.extendCode!);
    const tagged = await eventually(async () => {
      const c = await hx.ds.manager.findOneByOrFail(Contact, { id: first.contact.id });
      return c.tags.includes('saturday') ? c : null;
    });
    expect(tagged.tags).not.toContain('other');
  });

  it('a "1" on another code, or none, is not read as this campaign\'s answer', async () => {
    const { campaign, contact } = await startedCampaign('ext-c', 'sunday');
    await hx.ds.manager.update(Conversation, { contactId: contact.id }, { awaiting: null, awaitingContext: null });
    const unused = String(Number(campaign.extendCode) + 50);
    await smsUp(contact.phone, '1', unused);
    const after = await hx.ds.manager.findOneByOrFail(Contact, { id: contact.id });
    expect(after.tags).not.toContain('sunday');
  });
});
