/**
 * Issue 15's rate proof: 10,000 queued messages on a channel limited to 200/s, sent by two nodes at once, must take
 * 50 s ± 10% and never put more than 200 into any one second (a sliding window over the provider's arrival times).
 * Both nodes pace through the shared store, so run it with REDIS_URL, or DATABASE_URL on MariaDB: on SQLite without
 * Redis each process paces alone (one node is the whole deployment there) and the two would send at twice the rate.
 * The baseline, measured first in the same run: the same two nodes with no rate at all send BASELINE messages, which
 * is what the sender itself can do here (it must be well above the rate, or the rate is not what limits the run).
 * Usage: npm run bench:channel-rate [-- --messages 10000 --rate 200 --baseline 2000]
 */
import { findOrCreateContact, findOrCreateConversation } from '../../server/conversations/inbound-thread';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Message } from '../../server/db/entities';
import type { Huixin } from '../../server/huixin';
import { arg } from './agent-clients';
import { rateBench, sendAll, withTwoNodes, type BenchEnv } from './rate-arrivals';

const MESSAGES = arg('messages', 10_000);
const RATE = arg('rate', 200);
const BASELINE = arg('baseline', 2000);

/** Queues `count` texts to one contact, 500 rows per statement, due now. */
async function queue(node: Huixin, count: number, phone: string): Promise<void> {
  const at = new Date();
  const contact = await findOrCreateContact(node.ds.manager, phone, 'Asia/Shanghai', at);
  const conversation = await findOrCreateConversation(node.ds.manager, contact.id, at);
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => node.ds.manager.create(Message, {
      conversationId: conversation.id, contactId: contact.id, direction: 'out', origin: 'system', body: `bench ${i + k}`, provider: 'loopback',
      providerMessageId: null, status: 'queued', errorCode: null, errorMessage: null, agentId: null, templateKey: null, compliance: false,
      decision: null, media: null, attempts: 0, nextAttemptAt: at, leaseUntil: null, sentAt: null, channelId: null, billedSegments: null, lane: 'reply',
    }));
    await node.ds.createQueryBuilder().insert().into(Message).values(rows as QueryDeepPartialEntity<Message>[]).execute();
  }
}

let phone = 170000;

/** Two nodes send `count` texts queued to one contact; answers the seconds from start until the last reached the provider. */
const run = (env: BenchEnv, count: number) => withTwoNodes(env, async (a, b) => {
  await queue(a, count, `+8613700${phone++}`);
  const seconds = await sendAll([a, b], count);
  return { sendSeconds: seconds, figures: { seconds } };
});

rateBench({ countName: 'messages', count: MESSAGES, rate: RATE, baseline: BASELINE, run }).catch((err) => { console.error(err); process.exit(1); });
