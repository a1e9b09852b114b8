import { In, type EntityManager } from 'typeorm';
import { Agent, AgentNotification, Contact, Conversation, ConversationNote, Message } from '../db/entities';
import type { NotificationView } from './notification-contract';

/** A preview is a glance, not the text: the bell's row shows two lines at most. */
const PREVIEW_CHARS = 140;
const clip = (text: string): string => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text);

/** Each conversation's newest text from the customer, by conversation id (one query, on idx_messages_conversation). */
async function lastInboundTexts(em: EntityManager, conversationIds: number[]): Promise<Map<number, string>> {
  if (!conversationIds.length) return new Map();
  const newest = em.createQueryBuilder(Message, 'n').select('MAX(n.id)')
    .where('n.conversation_id IN (:...ids)').andWhere("n.direction = 'in'").groupBy('n.conversation_id');
  const rows = await em.createQueryBuilder(Message, 'm').select(['m.conversationId', 'm.body'])
    .where(`m.id IN (${newest.getQuery()})`).setParameters({ ids: conversationIds }).getMany();
  return new Map(rows.map((m) => [m.conversationId, m.body]));
}

/**
 * Rows as the bell shows them: who, which customer, and a preview (the note for a mention, the customer's last text
 * otherwise), each looked up once for the whole page. Inside a transaction it sees that transaction's own rows, so a
 * notification announced before commit already has its note and its text.
 */
export async function toNotificationViews(em: EntityManager, rows: AgentNotification[]): Promise<NotificationView[]> {
  if (!rows.length) return [];
  const conversationIds = [...new Set(rows.map((r) => r.conversationId))];
  const noteIds = rows.flatMap((r) => (r.noteId === null ? [] : [r.noteId]));
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorAgentId === null ? [] : [r.actorAgentId])))];
  const conversations = await em.find(Conversation, { where: { id: In(conversationIds) }, select: { id: true, contactId: true } });
  // One after another: inside a transaction they share one connection anyway.
  const contacts = await em.find(Contact, { where: { id: In([...new Set(conversations.map((c) => c.contactId))]) }, select: { id: true, name: true, phone: true } });
  const notes = noteIds.length ? await em.find(ConversationNote, { where: { id: In(noteIds) }, select: { id: true, body: true } }) : [];
  const actors = actorIds.length ? await em.find(Agent, { where: { id: In(actorIds) }, select: { id: true, name: true } }) : [];
  const texts = await lastInboundTexts(em, conversationIds);
  const contactOf = new Map(conversations.map((c) => [c.id, contacts.find((k) => k.id === c.contactId)]));
  return rows.map((r) => {
    const contact = contactOf.get(r.conversationId);
    const body = r.kind === 'mention' ? notes.find((n) => n.id === r.noteId)?.body : texts.get(r.conversationId);
    return {
      id: r.id, kind: r.kind, conversationId: r.conversationId, noteId: r.noteId,
      actorName: actors.find((a) => a.id === r.actorAgentId)?.name ?? null,
      contact: { name: contact?.name || null, phone: contact?.phone ?? '' },
      preview: body ? clip(body) : null, createdAt: r.createdAt.toISOString(), read: r.readAt !== null,
    };
  });
}
