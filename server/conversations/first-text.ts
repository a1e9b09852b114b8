import type { EntityManager } from 'typeorm';
import { Message, type Conversation } from '../db/entities';

/**
 * Whether this text is the contact's first: a conversation created for it has nothing before it; an older one (a
 * reminder went out first) is asked once, through the conversation's message index. The engine greets a wordless
 * first text instead of handing it off.
 */
export async function isFirstText(em: EntityManager, conversation: Conversation, now: Date): Promise<boolean> {
  if (conversation.createdAt.getTime() === now.getTime()) return true;
  return !(await em.exists(Message, { where: { conversationId: conversation.id, direction: 'in' } }));
}
