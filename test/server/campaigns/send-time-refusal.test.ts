import type { TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, textIn } from './support';

let hx: TestHuixin;
let token: string;
beforeAll(async () => ({ hx, token } = await campaignServer()));
afterAll(() => hx.close());

describe('a refusal made after a campaign was queued', () => {
  it('stops the queued marketing text at send time, while a notice queued for the same contact still goes', async () => {
    const tag = 'refuses-later';
    const contact = await addContact(hx, token, { tags: [tag], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const offer = await makeCampaign(hx, token, { segmentId, body: '洗牙8折' });
    const notice = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '春节期间停诊' });
    await api(hx, token).post(`/api/campaigns/${offer}/start`).send({}).expect(200);
    await api(hx, token).post(`/api/campaigns/${notice}/start`).send({}).expect(200);
    expect((await campaignMessages(hx, offer))[0]).toMatchObject({ contactId: contact.id, status: 'queued' });

    // Before the sender gets to the queue, the customer says no to advertising (not to every text).
    await textIn(hx, contact.phone, '别发广告了');
    await hx.sender.drain();

    const [offerText] = await campaignMessages(hx, offer);
    expect(offerText).toMatchObject({ status: 'refused', errorCode: 'marketing_opted_out', providerMessageId: null });
    const [noticeText] = await campaignMessages(hx, notice);
    expect(['sent', 'delivered']).toContain(noticeText!.status);
  });
});
