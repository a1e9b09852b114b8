import type { EntityManager } from 'typeorm';
import { Message, type Conversation } from '../db/entities';

/**
 * Whether this text is the contact's first: nothing came in on the conversation before it (a reminder may have gone
 * out first). Asked of the message index, not of timestamps: two texts can share a clock reading. The engine greets a
 * wordless first text instead of handing it off.
 */
export async function isFirstText(em: EntityManager, conversation: Conversation): Promise<boolean> {
  return !(await em.exists(Message, { where: { conversationId: conversation.id, direction: 'in' } }));
}
