import type { EntityManager } from 'typeorm';
import type { Conversation } from '../db/entities';

/**
 * Whether this text is the contact's first: nothing came in on the conversation before it (a reminder may have gone
 * out first). Asked of the message index, not of timestamps: two texts can share a clock reading. The engine greets a
 * wordless first text instead of handing it off.
 */
export async function isFirstText(em: EntityManager, conversation: Conversation): Promise<boolean> {
  const [row] = await em.query(inboundOnSql('?'), [conversation.id]) as unknown[];
  return row === undefined;
}

/**
 * SQL: a row when a text came in on the conversation `conversationId` names (a placeholder, or a column of an outer
 * query: the inbound thread reads it as a subquery with the conversation), none before its first.
 */
export const inboundOnSql = (conversationId: string): string =>
  `SELECT 1 AS one FROM messages WHERE conversation_id = ${conversationId} AND direction = 'in' LIMIT 1`;
