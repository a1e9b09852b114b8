import { findOrCreateContact, findOrCreateConversation } from '../../../server/conversations/inbound-thread';
import { Message } from '../../../server/db/entities';
import { insertStamped } from '../../../server/db/insert-stamped';
import { busiestSecond, StopwatchProvider } from '../../support/stopwatch-provider';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

const provider = new StopwatchProvider();
let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({ SMS_RATE_PER_SECOND: '20' }, { startSender: false, provider }); });
afterAll(() => hx.close());

it('sends 100 queued messages on a 20/s channel in no less than ~5 s, never more than 20 in any second', async () => {
  const now = hx.clock.now();
  const contact = await findOrCreateContact(hx.ds.manager, '+8613700160001', 'Asia/Shanghai', now);
  const conversation = await findOrCreateConversation(hx.ds.manager, contact.id, now);
  for (let i = 0; i < 100; i++) {
    await insertStamped(hx.ds.manager, Message, {
      conversationId: conversation.id, contactId: contact.id, direction: 'out', origin: 'system', body: `提醒 ${i}`, provider: 'loopback',
      providerMessageId: null, status: 'queued', errorCode: null, errorMessage: null, agentId: null, templateKey: null, compliance: false,
      decision: null, media: null, attempts: 0, nextAttemptAt: now, leaseUntil: null, sentAt: null, channelId: null, billedSegments: null, templateVars: null, extendCode: null, lane: 'reply',
    }, now);
  }
  await hx.sender.drain();
  expect(provider.at).toHaveLength(100);
  expect(provider.at[99] - provider.at[0]).toBeGreaterThanOrEqual(4500);
  // Every window of one second starting at a send holds at most 20 sends.
  expect(busiestSecond(provider.at)).toBeLessThanOrEqual(20);
}, 20_000);
