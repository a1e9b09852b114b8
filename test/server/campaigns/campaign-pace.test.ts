import { busiestSecond, StopwatchProvider } from '../../support/stopwatch-provider';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, makeCampaign, makeSegment } from './support';

const RATE = 5;
const RECIPIENTS = 30;

// A campaign's "N a second" is written into its texts' due times a second at a time; a sender that was down (a
// restart, a deploy) finds many seconds due at once. The rate must still hold, and the backlog must not crowd the
// sender's pool ahead of the replies.
describe('a campaign with a rate, after its sender was down', () => {
  let hx: TestHuixin;
  let token: string;
  const provider = new StopwatchProvider('sent');
  beforeAll(async () => {
    hx = await startTestHuixin({}, { startSender: false, provider });
    token = await hx.loginAs(ADMIN.email, ADMIN.password);
  });
  afterAll(() => hx.close());

  it('sends its backlog at the campaign rate, each recipient once, the rest given back for later', async () => {
    for (let i = 0; i < RECIPIENTS; i++) await addContact(hx, token, { tags: ['pace'] });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['pace'] });
    const id = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '本周六门诊照常', ratePerSecond: RATE });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    hx.clock.advance(60_000);   // the sender was down for a minute: all six seconds' worth are due now

    await hx.sender.drain();
    // Two seconds' worth went, at no more than the rate; the rest wait their turn, spread a second at a time.
    expect(provider.at).toHaveLength(2 * RATE);
    expect(busiestSecond(provider.at)).toBeLessThanOrEqual(RATE);
    const now = hx.clock.now().getTime();
    const waiting = (await campaignMessages(hx, id)).filter((m) => m.status === 'queued');
    expect(waiting).toHaveLength(RECIPIENTS - 2 * RATE);
    expect(waiting.every((m) => m.attempts === 0 && m.leaseUntil === null)).toBe(true);
    const dueIn = waiting.map((m) => (m.nextAttemptAt!.getTime() - now) / 1000);
    expect([...new Set(dueIn)].sort()).toEqual([2, 3, 4, 5]);
    expect(dueIn.filter((s) => s === 2)).toHaveLength(RATE);

    for (let round = 0; round < 5; round++) {
      hx.clock.advance(10_000);
      await hx.sender.drain();
    }
    const messages = await campaignMessages(hx, id);
    expect(messages.map((m) => m.status)).toEqual(Array(RECIPIENTS).fill('sent'));
    expect(new Set(messages.map((m) => m.contactId)).size).toBe(RECIPIENTS);
    expect(provider.at).toHaveLength(RECIPIENTS);
    expect(busiestSecond(provider.at)).toBeLessThanOrEqual(RATE);
  }, 60_000);
});
