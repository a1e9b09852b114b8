import { reasonFor } from '../channels/receipt-reasons';
import type { Decision } from '../../rules/types';
import type { Contact, Conversation, Message } from '../db/entities';
import type { CampaignRef } from './campaign-names';
import { toMediaViews } from './stored-media';
import type { ContactView, ConversationView, LastMessageView, MessageView } from '../inbox/socket-contract';

// The shapes live in the socket contract (shared with inbox-ui); this file maps entities onto them.
export type { ContactView, ConversationView, MessageView };

export const toContactView = (c: Contact): ContactView =>
  ({ id: c.id, phone: c.phone, name: c.name, optedOut: c.optedOut, marketingOptedOut: c.marketingOptedOut, tags: c.tags, locale: c.locale });

/**
 * `campaign`: the campaign an inbound text answered (campaign-names.ts), when the caller looked it up. `decidedBy`:
 * a bot reply's decision, read from the text it answered (reply-decisions.ts), for a reply that stores none itself.
 */
export function toMessageView(m: Message, phone: string, campaign?: CampaignRef, decidedBy?: Decision | null): MessageView {
  const decision = m.decision ?? decidedBy;
  return {
    id: m.id, conversationId: m.conversationId, contactId: m.contactId, phone, direction: m.direction, origin: m.origin,
    body: m.body, status: m.status, errorCode: m.errorCode, errorMessage: m.errorMessage, errorReason: reasonFor(m.provider, m.errorCode), agentId: m.agentId,
    templateKey: m.templateKey, createdAt: m.createdAt.toISOString(), media: toMediaViews(m.media), ...(decision ? { decision } : {}),
    ...(campaign ? { campaign } : {}),
  };
}

export const toLastMessageView = (m: Message): LastMessageView =>
  ({ id: m.id, body: m.body, direction: m.direction, origin: m.origin, status: m.status, createdAt: m.createdAt.toISOString(), mediaCount: m.media?.length ?? 0 });

export function toConversationView(conv: Conversation, contact: Contact, lastMessage?: Message | null): ConversationView {
  return {
    id: conv.id, contact: toContactView(contact), status: conv.status, handledBy: conv.handledBy, assigneeId: conv.assigneeId,
    handoffReason: conv.handoffReason, awaiting: conv.awaiting, unread: conv.unread,
    waitingSince: conv.waitingSince?.toISOString() ?? null, lastMessageAt: conv.lastMessageAt?.toISOString() ?? null,
    snoozedUntil: conv.snoozedUntil?.toISOString() ?? null, labels: conv.labels ?? [], priority: conv.priority ?? null,
    ...(lastMessage !== undefined ? { lastMessage: lastMessage ? toLastMessageView(lastMessage) : null } : {}),
  };
}
