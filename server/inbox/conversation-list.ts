import { Brackets, In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { Contact, Conversation, Message } from '../db/entities';
import { toConversationView, type ConversationView } from '../conversations/views';
import type { ConversationViewName, Page } from './socket-contract';

export interface ListQuery {
  view: ConversationViewName;
  agentId: number;
  status?: string;
  /** An agent id, "me", or "none" (unassigned). */
  assignee?: string;
  contactId?: number;
  q?: string;
  cursor?: string;
  limit: number;
}

/** Each inbox view as a filter. "Needs a person" includes assigned threads: someone still owes the customer an answer. */
function applyView(qb: SelectQueryBuilder<Conversation>, view: ConversationViewName, agentId: number): void {
  switch (view) {
    case 'needs-person': qb.andWhere("c.handled_by = 'human' AND c.status = 'open'"); return;
    case 'mine': qb.andWhere("c.assignee_id = :me AND c.status <> 'resolved'", { me: agentId }); return;
    case 'unassigned': qb.andWhere("c.handled_by = 'human' AND c.status = 'open' AND c.assignee_id IS NULL"); return;
    case 'bot': qb.andWhere("c.handled_by = 'bot' AND c.status = 'open'"); return;
    case 'resolved': qb.andWhere("c.status = 'resolved'"); return;
    case 'all': return;
  }
}

function applySearch(qb: SelectQueryBuilder<Conversation>, q: string): void {
  // '!' escapes LIKE wildcards: a backslash means different things in SQLite and MariaDB string literals.
  const like = `%${q.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
  const digits = q.replace(/[^\d]/g, '');
  qb.andWhere(new Brackets((w) => {
    w.where("ct.name LIKE :like ESCAPE '!'", { like })
      .orWhere("EXISTS (SELECT 1 FROM messages sm WHERE sm.conversation_id = c.id AND sm.body LIKE :like ESCAPE '!')", { like });
    if (digits.length >= 3) w.orWhere('ct.phone LIKE :digits', { digits: `%${digits}%` });
  }));
}

// The cursor is an opaque offset: the list's order (longest waiting first) moves as customers write, so an exact
// keyset would skip or repeat rows just the same; the UI re-reads the first page on every reconnect.
const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try { return Math.max(0, Number(JSON.parse(Buffer.from(cursor, 'base64url').toString()).o) || 0); } catch { return 0; }
}

/**
 * One page of the inbox list, sorted by waiting time: customers waiting for a person first (longest wait on top),
 * then by latest activity. Each item carries its last message for the preview.
 */
export async function listConversations(ds: DataSource, query: ListQuery): Promise<Page<ConversationView>> {
  const qb = ds.manager.createQueryBuilder(Conversation, 'c').innerJoin(Contact, 'ct', 'ct.id = c.contact_id');
  applyView(qb, query.view, query.agentId);
  if (query.status) qb.andWhere('c.status = :status', { status: query.status });
  if (query.assignee === 'none') qb.andWhere('c.assignee_id IS NULL');
  else if (query.assignee) qb.andWhere('c.assignee_id = :assignee', { assignee: query.assignee === 'me' ? query.agentId : Number(query.assignee) });
  if (query.contactId) qb.andWhere('c.contact_id = :contactId', { contactId: query.contactId });
  if (query.q?.trim()) applySearch(qb, query.q.trim());
  const offset = decodeCursor(query.cursor);
  const rows = await qb
    .orderBy('CASE WHEN c.waiting_since IS NULL THEN 1 ELSE 0 END', 'ASC')
    .addOrderBy('c.waiting_since', 'ASC')
    .addOrderBy('c.last_message_at', 'DESC')
    .addOrderBy('c.id', 'DESC')
    .offset(offset).limit(query.limit + 1).getMany();
  const page = rows.slice(0, query.limit);
  return { items: await withContactsAndLastMessages(ds, page), nextCursor: rows.length > query.limit ? encodeCursor(offset + query.limit) : null };
}

export async function withContactsAndLastMessages(ds: DataSource, convs: Conversation[]): Promise<ConversationView[]> {
  if (!convs.length) return [];
  const contacts = new Map((await ds.manager.findBy(Contact, { id: In(convs.map((c) => c.contactId)) })).map((c) => [c.id, c]));
  const lastIds: Array<{ id: number }> = await ds.manager.createQueryBuilder(Message, 'm').select('MAX(m.id)', 'id')
    .where('m.conversation_id IN (:...ids)', { ids: convs.map((c) => c.id) }).groupBy('m.conversation_id').getRawMany();
  const last = lastIds.length ? await ds.manager.findBy(Message, { id: In(lastIds.map((r) => Number(r.id))) }) : [];
  const lastByConv = new Map(last.map((m) => [m.conversationId, m]));
  return convs.map((c) => toConversationView(c, contacts.get(c.contactId)!, lastByConv.get(c.id) ?? null));
}
