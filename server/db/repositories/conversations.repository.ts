import { In, Not, Repository, type EntityManager } from 'typeorm';
import { notFound } from '../../http/errors';
import { isMysql } from '../data-source';
import { Conversation } from '../entities';
import { updateRow } from '../update-row';

/** Every query of the conversations table that more than one place needs. */
export class ConversationRepository extends Repository<Conversation> {
  /** Reads a conversation for change; on MariaDB the row stays locked until commit (SQLite has one writer anyway). */
  async lockById(id: number): Promise<Conversation> {
    const conv = await this.findOne({ where: { id }, ...(isMysql(this.manager.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!conv) throw notFound('Conversation');
    return conv;
  }

  /** A 404 for an id nobody has. */
  async getById(id: number): Promise<Conversation> {
    const conv = await this.findOneBy({ id });
    if (!conv) throw notFound('Conversation');
    return conv;
  }

  /** Who owns each of these conversations now, by id (absent: gone), a thousand ids a query. */
  async assigneesOf(ids: number[]): Promise<Map<number, number | null>> {
    const owners = new Map<number, number | null>();
    for (let k = 0; k < ids.length; k += 1000) {
      // Hand-written: two of these run after every inbound text (inbox/relays.ts), and find() builds its SQL each time.
      const slice = ids.slice(k, k + 1000);
      const rows = await this.manager.query(`SELECT id, assignee_id FROM conversations WHERE id IN (${slice.map(() => '?').join(', ')})`, slice) as Array<{ id: number | string; assignee_id: number | string | null }>;
      for (const r of rows) owners.set(Number(r.id), r.assignee_id == null ? null : Number(r.assignee_id));
    }
    return owners;
  }

  /** The conversations an agent still owns and has not resolved (open or snoozed), by id. */
  async unfinishedOf(agentId: number): Promise<number[]> {
    const rows = await this.find({ where: { assigneeId: agentId, status: Not('resolved') }, select: { id: true }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  /** One UPDATE of everything about a conversation that can change (save() would read the row first to diff it). */
  async saveState(c: Conversation): Promise<void> {
    await updateRow(this.manager, Conversation, c.id, {
      status: c.status, handledBy: c.handledBy, assigneeId: c.assigneeId, handoffReason: c.handoffReason, awaiting: c.awaiting,
      awaitingContext: c.awaitingContext, snoozedUntil: c.snoozedUntil, lastMessageAt: c.lastMessageAt, waitingSince: c.waitingSince,
      unread: c.unread, priority: c.priority ?? null, channelId: c.channelId ?? null,
    });
  }
}

/** The conversations table through `em` (a transaction's, or the data source's manager). */
export const conversationsIn = (em: EntityManager) => new ConversationRepository(Conversation, em);
