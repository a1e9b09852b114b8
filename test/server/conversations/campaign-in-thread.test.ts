import type { MessageView } from '../../../server/inbox/socket-contract';
import type { TestHuixin } from '../../support/test-server';
import { addContact, api, campaignServer, makeCampaign, makeSegment, textIn } from '../campaigns/support';

// Agents see which campaign a customer answered (issue 16): the thread's messages and the live `message:created`
// carry the campaign's id and name, which agents could not read from the admins-only campaigns API.
let hx: TestHuixin;
let token: string;
beforeAll(async () => { ({ hx, token } = await campaignServer()); });
afterAll(async () => { await hx.close(); });

describe('a reply to a campaign in the thread', () => {
  it('names the campaign on the customer\'s reply, and on nothing else', async () => {
    const contact = await addContact(hx, token, { tags: ['thread-campaign'], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['thread-campaign'] });
    const id = await makeCampaign(hx, token, { name: '秋季复诊', segmentId, body: '秋季复诊8折，回复2了解详情', menu: [{ key: '2', action: 'tag', tag: 'details' }] });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await hx.sender.drain();

    const live: MessageView[] = [];
    const off = hx.bus.on('message:created', (m) => { live.push(m); });
    await textIn(hx, contact.phone, '2');
    await textIn(hx, contact.phone, '谢谢');
    off();

    const conversationId = live[0].conversationId;
    const thread = (await api(hx, token).get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items as MessageView[];
    const named = thread.filter((m) => m.campaign);
    expect(named.map((m) => [m.body, m.campaign])).toEqual([['2', { id, name: '秋季复诊' }]]);
    expect(live.filter((m) => m.campaign).map((m) => [m.body, m.campaign])).toEqual([['2', { id, name: '秋季复诊' }]]);
  });
});
