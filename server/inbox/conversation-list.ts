import { Brackets, In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { Contact, Conversation, Message } from '../db/entities';
import { NOT_WAITING_RANK, queueOrderSql, queueRank, queueRankSql, VIEWS } from '../conversations/conversation-state';
import { toConversationView, type ConversationView } from '../conversations/views';
import { HttpError } from '../http/errors';
import { containing } from '../contacts/like-text';
import { labelKey } from '../conversations/conversation-labels';
import { scriptsOf } from '../shared/chinese-scripts';
import type { ListFilters } from './command-schemas';
import { CONVERSATION_VIEWS, type ConversationViewName, type Page, type ViewCounts } from './socket-contract';

/** The list's filters as parsed at the edge (`listQuerySchema`), and who is asking. */
export interface ListQuery extends ListFilters { agentId: number }

function applyView(qb: SelectQueryBuilder<Conversation>, view: ConversationViewName, agentId: number): void {
  qb.andWhere(VIEWS[view].sql('c'), { me: agentId });
}

/** How many conversations each view holds, and how many of them have unread texts: one pass over the table. */
export async function countViews(ds: DataSource, agentId: number): Promise<ViewCounts> {
  const qb = ds.manager.createQueryBuilder(Conversation, 'c').select([]);
  for (const [i, view] of CONVERSATION_VIEWS.entries()) {
    const inView = VIEWS[view].sql('c');
    qb.addSelect(`SUM(CASE WHEN ${inView} THEN 1 ELSE 0 END)`, `t${i}`)
      .addSelect(`SUM(CASE WHEN ${inView} AND c.unread > 0 THEN 1 ELSE 0 END)`, `u${i}`);
  }
  const row = (await qb.setParameters({ me: agentId }).getRawOne<Record<string, string | number | null>>()) ?? {};
  return Object.fromEntries(CONVERSATION_VIEWS.map((view, i) => [view, { total: Number(row[`t${i}`] ?? 0), unread: Number(row[`u${i}`] ?? 0) }])) as ViewCounts;
}

/** Name or message text in either script (陈美玲 finds 陳美玲), or a run of the phone's digits. */
function applySearch(qb: SelectQueryBuilder<Conversation>, q: string): void {
  const digits = q.replace(/[^\d]/g, '');
  qb.andWhere(new Brackets((w) => {
    scriptsOf(q).forEach((variant, i) => {
      const like = { [`like${i}`]: containing(variant) };
      w.orWhere(`ct.name LIKE :like${i} ESCAPE '!'`, like)
        .orWhere(`EXISTS (SELECT 1 FROM messages sm WHERE sm.conversation_id = c.id AND sm.body LIKE :like${i} ESCAPE '!')`, like);
    });
    if (digits.length >= 3) w.orWhere('ct.phone LIKE :digits', { digits: `%${digits}%` });
  }));
}

/**
 * The conversation tools' filters. A label is an indexed lookup in conversation_labels; the channel is the provider
 * the conversation's texts went through (messages record it; every conversation has one provider until issue 15 adds
 * channels), found through the messages' (conversation_id, id) index.
 */
function applyTools(qb: SelectQueryBuilder<Conversation>, query: ListQuery): void {
  if (query.label !== undefined) {
    qb.andWhere('EXISTS (SELECT 1 FROM conversation_labels cl WHERE cl.conversation_id = c.id AND cl.label = :label)', { label: labelKey(query.label) });
  }
  if (query.priority === 'none') qb.andWhere('c.priority IS NULL');
  else if (query.priority !== undefined) qb.andWhere('c.priority = :priority', { priority: query.priority });
  if (query.channel !== undefined) {
    qb.andWhere('EXISTS (SELECT 1 FROM messages chm WHERE chm.conversation_id = c.id AND chm.provider = :channel)', { channel: query.channel });
  }
}

/** Where the last page ended, in the list's own order: [rank, waiting since, last message at, id] of its last row. */
interface Cursor { r: number; ws: string | null; lm: string | null; id: number }

const encodeCursor = (c: Conversation): string => Buffer.from(JSON.stringify({
  r: queueRank(c), ws: c.waitingSince?.toISOString() ?? null, lm: c.lastMessageAt?.toISOString() ?? null, id: c.id,
} satisfies Cursor)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  const bad = () => new HttpError(400, 'invalid_field', 'cursor is not one this server handed out', 'cursor');
  let c: Partial<Cursor>;
  try { c = JSON.parse(Buffer.from(raw, 'base64url').toString()) as Partial<Cursor>; } catch { throw bad(); }
  const isTime = (v: unknown) => v === null || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
  if (!c || !Number.isInteger(c.id) || !isTime(c.ws) || !isTime(c.lm) || (c.r !== undefined && !Number.isInteger(c.r))) throw bad();
  // A cursor handed out before urgent hand-offs had a rank of their own: waiting or not.
  return { r: c.ws === null ? NOT_WAITING_RANK : 1, ...c } as Cursor;
}

/**
 * Keyset paging: the rows after the cursor's row in the queue order (conversation-state.ts: urgent waits, then the
 * other waiting customers, longest wait on top, then latest activity, then newest id). Unlike an offset, a
 * conversation that jumps to the top while an agent scrolls does not push the same rows onto the next page twice,
 * and a deep page costs what the first one does. Within a rank every row waits or none does; NULLs sort last in the
 * descending last-message order on both SQLite and MariaDB.
 */
function applyCursor(qb: SelectQueryBuilder<Conversation>, c: Cursor): void {
  const rank = queueRankSql('c');
  const after = new Brackets((w) => {
    const activityAfter = (x: typeof w) => c.lm === null
      ? x.where('c.last_message_at IS NULL AND c.id < :cid', { cid: c.id })
      : x.where('c.last_message_at < :clm OR c.last_message_at IS NULL', { clm: new Date(c.lm) })
        .orWhere('c.last_message_at = :clm AND c.id < :cid', { cid: c.id });
    const sameRankAfter = (x: typeof w) => (c.ws === null
      ? x.where(new Brackets(activityAfter))
      : x.where('c.waiting_since > :cws', { cws: new Date(c.ws) })
        .orWhere(new Brackets((y) => y.where('c.waiting_since = :cws').andWhere(new Brackets(activityAfter)))));
    w.where(`${rank} > :cr`, { cr: c.r })
      .orWhere(new Brackets((x) => x.where(`${rank} = :cr`).andWhere(new Brackets(sameRankAfter))));
  });
  qb.andWhere(after);
}

/** One page of the inbox list, in the queue order. Each item carries its last message for the preview. */
export async function listConversations(ds: DataSource, query: ListQuery): Promise<Page<ConversationView>> {
  const qb = ds.manager.createQueryBuilder(Conversation, 'c').innerJoin(Contact, 'ct', 'ct.id = c.contact_id');
  applyView(qb, query.view, query.agentId);
  if (query.status) qb.andWhere('c.status = :status', { status: query.status });
  if (query.assignee === 'none') qb.andWhere('c.assignee_id IS NULL');
  else if (query.assignee !== undefined) qb.andWhere('c.assignee_id = :assignee', { assignee: query.assignee === 'me' ? query.agentId : query.assignee });
  if (query.contactId !== undefined) qb.andWhere('c.contact_id = :contactId', { contactId: query.contactId });
  applyTools(qb, query);
  if (query.q?.trim()) applySearch(qb, query.q.trim());
  if (query.cursor) applyCursor(qb, decodeCursor(query.cursor));
  for (const [expr, dir] of queueOrderSql('c')) qb.addOrderBy(expr, dir);
  const rows = await qb.limit(query.limit + 1).getMany();
  const page = rows.slice(0, query.limit);
  return { items: await withContactsAndLastMessages(ds, page), nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
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
