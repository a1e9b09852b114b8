import type { EntityManager } from 'typeorm';
import type { Conversation } from '../db/entities';

/**
 * Whether this text is the contact's first: nothing came in on the conversation before it (a reminder may have gone
 * out first). Asked of the message index, not of timestamps: two texts can share a clock reading. The engine greets a
 * wordless first text instead of handing it off.
 */
export async function isFirstText(em: EntityManager, conversation: Conversation): Promise<boolean> {
  // Hand-written: asked of every text, and exists() builds its statement each time.
  const [row] = await em.query(`SELECT 1 AS one FROM messages WHERE conversation_id = ? AND direction = 'in' LIMIT 1`, [conversation.id]) as unknown[];
  return row === undefined;
}
