import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { findOrCreateContact, findOrCreateConversation } from '../../../server/conversations/inbound-thread';
import { Message, type OutboxLane } from '../../../server/db/entities';

/** Queues `count` outbound texts to one new contact in one statement per 500, as a campaign would; returns their ids. */
export async function queueTexts(ds: DataSource, now: Date, phone: string, count: number, lane: OutboxLane, extra: Partial<Message> = {}): Promise<number[]> {
  const contact = await findOrCreateContact(ds.manager, phone, 'Asia/Shanghai', now);
  const conversation = await findOrCreateConversation(ds.manager, contact.id, now);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, k) => ({
      conversationId: conversation.id, contactId: contact.id, direction: 'out', origin: 'system', body: `${lane} ${i + k}`, provider: 'loopback',
      providerMessageId: null, status: 'queued', errorCode: null, errorMessage: null, agentId: null, templateKey: null, compliance: false,
      decision: null, media: null, attempts: 0, nextAttemptAt: now, leaseUntil: null, sentAt: null, channelId: null, billedSegments: null,
      templateVars: null, extendCode: null, lane, createdAt: now, updatedAt: now, ...extra,
    }));
    // Only the columns named: the migration tests write these rows into the schema as an older release left it.
    const result = await ds.createQueryBuilder().insert().into(Message, Object.keys(rows[0]!)).values(rows as QueryDeepPartialEntity<Message>[]).execute();
    ids.push(...result.identifiers.map((x) => Number(x.id)));
  }
  return ids;
}

/** What a sender's claim leaves on a row (outbox-claim.ts `claimedAs`): being sent, due again when its lease runs out. */
export const claimedUntil = (lease: Date) => ({ status: 'sending' as const, leaseUntil: lease, nextAttemptAt: lease });
