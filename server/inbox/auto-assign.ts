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
 *
 * Agents arriving (online, or back from away) is where fairness is decided. Sweeping the whole queue at once to
 * whoever is online gave everything to the first of two agents logging in seconds apart, and nothing that is owned
 * is ever taken back (no stealing). So an arrival gives the agent the head of the queue at once only if they carry
 * nothing (something to start on), and the rest of the queue holds still for `settleMs` after the last arrival
 * (at most three times that after the first): then it is dealt one conversation per turn, in the rotation, to
 * everyone online and available at that moment, urgent first and oldest wait first, within the cap. Any sweep asked
 * for meanwhile (a release) joins that one. Each node keeps its own window; across nodes the deal reads presence
 * through the Redis adapter and turns through the database, so a second node's deal finds the queue already shared.
 */
export class AutoAssigner {
  private queue: Promise<void> = Promise.resolve();
  private held: { timer: ReturnType<typeof setTimeout>; since: number; done: Promise<void>; release(): void } | null = null;

  /** `cap` is read for every assignment, so an admin's change applies to the next hand-off on every node. */
  constructor(private readonly ds: DataSource, private readonly service: ConversationService, private readonly online: () => Promise<number[]>,
    private readonly cap: () => Promise<number>, private readonly log: Logger, private readonly settleMs = 0) {}

  /** Serialised per process, so one burst of hand-offs does not queue up for the database's row locks. */
  assign(conversationId: number): Promise<void> {
    return this.enqueue(async () => {
      const online = await this.online();
      // Nobody online, nobody to give it to: the cap (a read of the ruleset's version) is not needed.
      if (online.length) await this.assignNow(conversationId, online, await this.cap());
    });
  }

  /**
   * Everything still waiting for an owner, in the queue's order (urgent hand-offs first, then the oldest wait), when
   * someone finishes with a conversation and has room again; while arrivals settle, it waits for their deal.
   */
  sweep(): Promise<void> {
    return this.held ? this.held.done : this.enqueue(() => this.sweepNow());
  }

  /** An agent came online or back from away: the head of the queue if they carry nothing, then a settled deal. */
  arrived(agentId: number): Promise<void> {
    const first = this.enqueue(async () => { await this.assignHeadTo(agentId); });
    if (this.settleMs <= 0) return first.then(() => this.sweep());
    this.holdSweep();
    return first;
  }

  /** Drops a pending deal (the gateway is stopping), so nothing waits for it. */
  stop(): void {
    if (!this.held) return;
    clearTimeout(this.held.timer);
    this.held.release();
    this.held = null;
  }

  private holdSweep(): void {
    const now = Date.now();
    if (this.held) clearTimeout(this.held.timer);
    else {
      let release = () => {};
      const done = new Promise<void>((resolve) => { release = resolve; });
      this.held = { timer: undefined as never, since: now, done, release };
    }
    const held = this.held;
    const wait = Math.max(0, Math.min(this.settleMs, held.since + 3 * this.settleMs - now));
    held.timer = setTimeout(() => {
      this.held = null;
      void this.enqueue(() => this.sweepNow()).then(held.release);
    }, wait);
  }

  private async waiting(limit: number): Promise<number[]> {
    const qb = this.ds.manager.createQueryBuilder(Conversation, 'c').select('c.id', 'id').where(NEEDS_ASSIGNEE.sql('c'));
    for (const [expr, dir] of queueOrderSql('c')) qb.addOrderBy(expr, dir);
    return (await qb.limit(limit).getRawMany<{ id: number }>()).map((r) => Number(r.id));
  }

  /** One per turn, so everyone online at this moment gets a share; the queue is read once, in its order. */
  private async sweepNow(): Promise<void> {
    const waiting = await this.waiting(50);
    if (!waiting.length) return;
    const [online, cap] = [await this.online(), await this.cap()];
    for (const id of waiting) if (!await this.assignNow(id, online, cap)) return;   // nobody has room: the rest wait too
  }

  /** A cap of one: only an agent carrying nothing is given the head of the queue ahead of the settled deal. */
  private async assignHeadTo(agentId: number): Promise<void> {
    const [head] = await this.waiting(1);
    if (head !== undefined) await this.assignNow(head, [agentId], Math.min(1, await this.cap()));
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
