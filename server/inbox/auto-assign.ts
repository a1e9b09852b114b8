import { In, type DataSource, type EntityManager } from 'typeorm';
import { NEEDS_ASSIGNEE, queueOrderSql, WAITING_FOR_PERSON } from '../conversations/conversation-state';
import type { ConversationService } from '../conversations/conversation.service';
import { isMysql } from '../db/data-source';
import { Agent, Conversation } from '../db/entities';
import type { Logger } from '../shared/logger';

/**
 * How many open conversations an agent carries before round-robin skips them (agents marked away are skipped too),
 * when the admin's settings do not say (`assignmentCap`).
 */
export const DEFAULT_AGENT_CAP = 8;

const leastRecentlyAssigned = (a: Agent, b: Agent) => a.assignedTurn - b.assignedTurn || a.id - b.id;

/**
 * Whose turn it is, decided inside the assigning transaction: of the online, active agents who are not away and
 * carry fewer than `cap` open conversations, the one auto-assigned least recently (never first, then by id). The
 * turn is stored on the agent, so every node follows one rotation and a restart does not start it over.
 * On MariaDB the candidates' rows are read FOR UPDATE, in id order: an assignment running on another node waits,
 * then reads the turn and the loads the first one left, so nobody is skipped twice or pushed past the cap. SQLite
 * has one writer.
 */
export async function takeTurn(em: EntityManager, online: number[], cap: number): Promise<number | null> {
  if (!online.length) return null;
  const candidates = await em.find(Agent, {
    where: { id: In(online), role: 'agent', active: true, away: false }, order: { id: 'ASC' }, select: { id: true, assignedTurn: true },
    ...(isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!candidates.length) return null;
  const loads = await em.createQueryBuilder(Conversation, 'c').select('c.assignee_id', 'agentId').addSelect('COUNT(*)', 'n')
    .where(WAITING_FOR_PERSON.sql('c')).andWhere('c.assignee_id IN (:...ids)', { ids: candidates.map((a) => a.id) })
    .groupBy('c.assignee_id').getRawMany<{ agentId: number; n: number }>();
  const load = new Map(loads.map((r) => [Number(r.agentId), Number(r.n)]));
  const next = candidates.filter((a) => (load.get(a.id) ?? 0) < cap).sort(leastRecentlyAssigned)[0];
  if (!next) return null;
  const { turn } = await em.createQueryBuilder(Agent, 'a').select('MAX(a.assigned_turn)', 'turn').getRawOne<{ turn: number }>() ?? { turn: 0 };
  await em.update(Agent, { id: next.id }, { assignedTurn: Number(turn) + 1 });
  return next.id;
}

/**
 * Hands each conversation the bot gave up on to the agent whose turn it is (see takeTurn). Safe because the
 * assignment is a conditional change that loses to any person who got there first.
 */
export class AutoAssigner {
  private queue: Promise<void> = Promise.resolve();

  /** `cap` is read for every assignment, so an admin's change applies to the next hand-off on every node. */
  constructor(private readonly ds: DataSource, private readonly service: ConversationService, private readonly online: () => Promise<number[]>,
    private readonly cap: () => Promise<number>, private readonly log: Logger) {}

  /** Serialised per process, so one burst of hand-offs does not queue up for the database's row locks. */
  assign(conversationId: number): Promise<void> {
    return this.enqueue(async () => { await this.assignNow(conversationId, await this.online(), await this.cap()); });
  }

  /**
   * Everything still waiting for an owner, in the queue's order (urgent hand-offs first, then the oldest wait): when
   * an agent comes online or back from away, or finishes with a conversation and has room again.
   */
  sweep(): Promise<void> {
    return this.enqueue(async () => {
      const qb = this.ds.manager.createQueryBuilder(Conversation, 'c').select('c.id', 'id').where(NEEDS_ASSIGNEE.sql('c'));
      for (const [expr, dir] of queueOrderSql('c')) qb.addOrderBy(expr, dir);
      const waiting = (await qb.limit(50).getRawMany<{ id: number }>()).map((r) => ({ id: Number(r.id) }));
      if (!waiting.length) return;
      const [online, cap] = [await this.online(), await this.cap()];
      for (const conv of waiting) if (!await this.assignNow(conv.id, online, cap)) return;   // nobody has room: the rest wait too
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((err) => this.log.error({ err }, 'auto-assign failed'));
    return this.queue;
  }

  /** False when no agent had room for it (true also when it no longer needed one). */
  private async assignNow(conversationId: number, online: number[], cap: number): Promise<boolean> {
    if (!online.length) return false;
    let room = true;
    await this.service.autoAssign(conversationId, async (em) => {
      const agentId = await takeTurn(em, online, cap);
      room = agentId !== null;
      return agentId;
    });
    return room;
  }
}
