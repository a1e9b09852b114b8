import type { Contact, Conversation, Message } from '../db/entities';
import type { ContactView, ConversationView, LastMessageView, MessageView } from '../inbox/socket-contract';

// The shapes live in the socket contract (shared with inbox-ui); this file maps entities onto them.
export type { ContactView, ConversationView, MessageView };

export const toContactView = (c: Contact): ContactView =>
  ({ id: c.id, phone: c.phone, name: c.name, optedOut: c.optedOut, marketingOptedOut: c.marketingOptedOut, tags: c.tags, locale: c.locale });

export function toMessageView(m: Message, phone: string): MessageView {
  return {
    id: m.id, conversationId: m.conversationId, contactId: m.contactId, phone, direction: m.direction, origin: m.origin,
    body: m.body, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage, agentId: m.agentId,
    templateKey: m.templateKey, createdAt: m.createdAt.toISOString(), ...(m.decision ? { decision: m.decision } : {}),
  };
}

export const toLastMessageView = (m: Message): LastMessageView =>
  ({ id: m.id, body: m.body, direction: m.direction, origin: m.origin, status: m.status, createdAt: m.createdAt.toISOString() });

export function toConversationView(conv: Conversation, contact: Contact, lastMessage?: Message | null): ConversationView {
  return {
    id: conv.id, contact: toContactView(contact), status: conv.status, handledBy: conv.handledBy, assigneeId: conv.assigneeId,
    handoffReason: conv.handoffReason, awaiting: conv.awaiting, unread: conv.unread,
    waitingSince: conv.waitingSince?.toISOString() ?? null, lastMessageAt: conv.lastMessageAt?.toISOString() ?? null,
    snoozedUntil: conv.snoozedUntil?.toISOString() ?? null,
    ...(lastMessage !== undefined ? { lastMessage: lastMessage ? toLastMessageView(lastMessage) : null } : {}),
  };
}
