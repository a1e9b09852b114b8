import type { Contact, Conversation, Message } from '../db/entities';

export interface MessageView {
  id: number;
  conversationId: number;
  contactId: number;
  phone: string;
  direction: Message['direction'];
  origin: Message['origin'];
  body: string;
  status: Message['status'];
  errorCode: string | null;
  errorMessage: string | null;
  agentId: number | null;
  templateKey: string | null;
  createdAt: string;
  decision?: Message['decision'];
}

export interface ContactView { id: number; phone: string; name: string | null; optedOut: boolean; tags: string[]; locale: string }

export interface ConversationView {
  id: number;
  contact: ContactView;
  status: Conversation['status'];
  handledBy: Conversation['handledBy'];
  assigneeId: number | null;
  handoffReason: string | null;
  awaiting: Conversation['awaiting'];
  unread: number;
  waitingSince: string | null;
  lastMessageAt: string | null;
}

export const toContactView = (c: Contact): ContactView =>
  ({ id: c.id, phone: c.phone, name: c.name, optedOut: c.optedOut, tags: c.tags, locale: c.locale });

export function toMessageView(m: Message, phone: string): MessageView {
  return {
    id: m.id, conversationId: m.conversationId, contactId: m.contactId, phone, direction: m.direction, origin: m.origin,
    body: m.body, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage, agentId: m.agentId,
    templateKey: m.templateKey, createdAt: m.createdAt.toISOString(), ...(m.decision ? { decision: m.decision } : {}),
  };
}

export function toConversationView(conv: Conversation, contact: Contact): ConversationView {
  return {
    id: conv.id, contact: toContactView(contact), status: conv.status, handledBy: conv.handledBy, assigneeId: conv.assigneeId,
    handoffReason: conv.handoffReason, awaiting: conv.awaiting, unread: conv.unread,
    waitingSince: conv.waitingSince?.toISOString() ?? null, lastMessageAt: conv.lastMessageAt?.toISOString() ?? null,
  };
}
