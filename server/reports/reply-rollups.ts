import type { EntityManager } from 'typeorm';
import type { Message } from '../db/entities';
import { countedFromRaw, CAUSE_COLUMNS } from './message-rollups';
import { replyDeltas, responseSendOf } from './rollup-keys';
import { countRollups } from './rollup-store';
import { hoursAfter } from './raw-rows';
import { isMysql } from '../db/data-source';
import { indexHint } from '../db/index-hint';

/**
 * The response rate's numerator (send-responses.ts), kept as replies are stored. A person's text answers the latest text
 * of ours that left for them less than RESPONSE_HOURS before (not a compliance answer; the provider took or delivered
 * it, as an opt-out's cause in message-rollups.ts); the first such text after it counts once, as `reply_send` in that
 * text's hour on its send. Later texts of the same person answer nothing new.
 */
export const RESPONSE_HOURS = 72;
const HOUR = 3_600_000;

/**
 * In the transaction that stores `reply` (after its insert): one statement along the thread's indexes — the text it
 * answers and whether an earlier text of the person answered it already; the count joins the transaction's gathered
 * upsert (rollup-store.ts), so the inbound path gains one cheap read and no write of its own.
 */
export async function countReplyToSend(em: EntityManager, reply: Pick<Message, 'id' | 'conversationId' | 'createdAt'>): Promise<void> {
  const since = new Date(reply.createdAt.getTime() - RESPONSE_HOURS * HOUR);
  const mysql = isMysql(em.connection);
  // The thread walked backwards from its newest text (the latest of ours is a few rows back), the earlier reply looked
  // for along (thread, direction, time): both indexes named, see db/index-hint.ts.
  const [query, params] = em.connection.driver.escapeQueryWithParameters(`SELECT ${CAUSE_COLUMNS},
      (SELECT 1 FROM messages p ${indexHint(mysql, 'idx_messages_thread_direction_created')}
        WHERE p.conversation_id = m.conversation_id AND p.direction = 'in' AND p.created_at >= m.sent_at AND p.id < :replyId LIMIT 1) AS answered
    FROM messages m ${indexHint(mysql, 'idx_messages_conversation')} WHERE m.conversation_id = :conversationId AND m.direction = 'out' AND m.compliance = 0
      AND m.status IN ('sent', 'delivered') AND m.sent_at > :since AND m.sent_at <= :at
    ORDER BY m.id DESC LIMIT 1`, { replyId: reply.id, conversationId: reply.conversationId, since, at: reply.createdAt });
  const [row] = await em.query(query, params) as Record<string, unknown>[];
  if (!row || row.answered != null) return;
  const text = countedFromRaw(row);
  if (responseSendOf(text)) await countRollups(em, replyDeltas(text));
}

/**
 * SQL: the reply (its id) that `countReplyToSend` counted for text `m`, or null — the person's first text after `m`
 * left, if it came less than RESPONSE_HOURS after and no later text of ours (as above) written before the reply had
 * left for them by then (the bot's answer to the reply itself leaves in the reply's own millisecond). The same rule
 * seen from the text: for the rebuild and for the list behind the figure. Each part is one seek on
 * `(conversation_id, direction, created_at)` (migration 1764900005000).
 */
export function answeringReplySql(em: EntityManager): string {
  return `(SELECT rp.id FROM messages rp WHERE rp.conversation_id = m.conversation_id AND rp.direction = 'in'
    AND rp.created_at >= m.sent_at AND rp.created_at < ${hoursAfter(em, 'm.sent_at', RESPONSE_HOURS)}
    AND NOT EXISTS (SELECT 1 FROM messages p WHERE p.conversation_id = m.conversation_id AND p.direction = 'in' AND p.created_at >= m.sent_at AND p.id < rp.id)
    AND NOT EXISTS (SELECT 1 FROM messages nx WHERE nx.conversation_id = m.conversation_id AND nx.direction = 'out' AND nx.compliance = 0
      AND nx.status IN ('sent', 'delivered') AND nx.id > m.id AND nx.id < rp.id AND nx.sent_at <= rp.created_at AND ${hoursAfter(em, 'nx.sent_at', RESPONSE_HOURS)} > rp.created_at)
    ORDER BY rp.id LIMIT 1)`;
}

/** SQL over messages `m`: the text belongs to a send (rollup-keys.ts responseSendOf). */
export const RESPONSE_SEND_SQL = `(m.campaign_id IS NOT NULL OR (m.template_key IS NOT NULL AND m.origin <> 'bot' AND m.template_key NOT LIKE 'campaign:%'))`;
