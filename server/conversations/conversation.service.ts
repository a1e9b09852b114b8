import type { DataSource, EntityManager } from 'typeorm';
import type { Agent } from '../db/entities';
import { Contact, Conversation } from '../db/entities';
import { isMysql } from '../db/data-source';
import { inTransaction } from '../db/transaction';
import type { EventBus } from '../events/event-bus';
import { HttpError, notFound } from '../http/errors';
import type { Clock } from '../shared/clock';
import { toConversationView, type ConversationView } from './views';

export type Actor = Pick<Agent, 'id' | 'name' | 'role'>;

/** Reads a conversation for change; on MariaDB the row stays locked until commit (SQLite has one writer anyway). */
export async function lockConversation(em: EntityManager, id: number): Promise<Conversation> {
  const conv = await em.findOne(Conversation, { where: { id }, ...(isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!conv) throw notFound('Conversation');
  return conv;
}

/** One UPDATE of everything about a conversation that can change (save() would read the row first to diff it). */
export async function saveConversationState(em: EntityManager, c: Conversation): Promise<void> {
  await em.update(Conversation, c.id, {
    status: c.status, handledBy: c.handledBy, assigneeId: c.assigneeId, handoffReason: c.handoffReason, awaiting: c.awaiting,
    awaitingContext: c.awaitingContext, snoozedUntil: c.snoozedUntil, lastMessageAt: c.lastMessageAt, waitingSince: c.waitingSince,
    unread: c.unread,
  });
}

/**
 * Collision rule: a person-owned conversation answers to its assignee only. Another agent must take it over
 * explicitly, so two agents never text the same customer at once.
 */
export function assertOwnerOrFree(conv: Conversation, actor: Actor): void {
  if (conv.assigneeId === null || conv.assigneeId === actor.id) return;
  throw new HttpError(409, 'not_assignee', 'Another agent owns this conversation — take it over first to reply. 该会话由其他客服负责，请先接管。');
}

/** The agent whose open load this conversation counts in (the per-agent cap of automatic assignment), if any. */
const carriedBy = (c: Conversation) => (c.handledBy === 'human' && c.status === 'open' ? c.assigneeId : null);

/** A person takes the thread: the bot goes quiet (rules only act on compliance words while handledBy is human). */
export function claim(conv: Conversation, agentId: number): void {
  Object.assign(conv, { handledBy: 'human', assigneeId: agentId, status: conv.status === 'resolved' ? 'open' : conv.status });
}

/**
 * DESIGN §2: the only code that changes a conversation's status or assignee. Each change is one transaction on a
 * locked row, and `conversation:updated` goes out after commit.
 */
export class ConversationService {
  constructor(private readonly ds: DataSource, private readonly bus: EventBus, private readonly clock: Clock) {}

  /** Explicit take-over: allowed from the bot and from another agent (that is what "explicitly" means). */
  takeOver(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      claim(conv, actor.id);
      conv.status = 'open';
      conv.snoozedUntil = null;
      conv.handoffReason ??= 'taken_over';
    });
  }

  /** Back to the bot: unassigned, no longer waiting for a person. */
  handBack(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      Object.assign(conv, { handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null, status: 'open', snoozedUntil: null });
    });
  }

  /** Assign to an agent (or unassign with null). Reassigning someone else's thread is allowed only to admins. */
  assign(id: number, actor: Actor, assigneeId: number | null): Promise<ConversationView> {
    return this.change(id, (conv) => {
      if (actor.role !== 'admin' && assigneeId !== actor.id) assertOwnerOrFree(conv, actor);
      if (assigneeId === null) conv.assigneeId = null;
      else claim(conv, assigneeId);
    });
  }

  resolve(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      Object.assign(conv, { status: 'resolved', waitingSince: null, snoozedUntil: null, unread: 0 });
    });
  }

  reopen(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      Object.assign(conv, { status: 'open', snoozedUntil: null });
    });
  }

  /** Snooze until a time, or (until = null) until the customer's next reply, which reopens it on receipt. */
  snooze(id: number, actor: Actor, until: Date | null): Promise<ConversationView> {
    if (until && until <= this.clock.now()) throw new HttpError(400, 'invalid_field', 'until must be in the future', 'until');
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      if (conv.status === 'resolved') throw new HttpError(409, 'resolved', 'A resolved conversation cannot be snoozed');
      Object.assign(conv, { status: 'snoozed', snoozedUntil: until });
    });
  }

  markRead(id: number): Promise<ConversationView> {
    return this.change(id, (conv) => { conv.unread = 0; });
  }

  /** Wakes a snoozed conversation whose time has come (the snooze waker calls this). */
  wake(id: number): Promise<ConversationView | null> {
    return this.change(id, (conv) => {
      if (conv.status !== 'snoozed' || !conv.snoozedUntil || conv.snoozedUntil > this.clock.now()) return false;
      Object.assign(conv, { status: 'open', snoozedUntil: null });
    });
  }

  /**
   * Round-robin auto-assignment: only while the conversation still needs a person and nobody has it, so a
   * concurrent take-over (or another node's assignment) always wins over the robot. `takeTurn` picks the agent
   * inside this transaction (null: nobody has room).
   */
  autoAssign(id: number, takeTurn: (em: EntityManager) => Promise<number | null>): Promise<ConversationView | null> {
    return this.change(id, async (conv, em) => {
      if (conv.handledBy !== 'human' || conv.status !== 'open' || conv.assigneeId !== null) return false;
      const agentId = await takeTurn(em);
      if (agentId === null) return false;
      conv.assigneeId = agentId;
    });
  }

  /**
   * `mutate` returns false to leave the row untouched (no event). A change that takes an open conversation off its
   * owner's plate (resolved, snoozed, handed back, reassigned) also says so, so the waiting queue can move to them.
   */
  private async change<R extends ConversationView | null = ConversationView>(id: number, mutate: (conv: Conversation, em: EntityManager) => void | false | Promise<void | false>): Promise<R> {
    let released: number | null = null;
    const view = await inTransaction(this.ds, async (em) => {
      const conv = await lockConversation(em, id);
      const before = carriedBy(conv);
      if (await mutate(conv, em) === false) return null;
      await saveConversationState(em, conv);
      released = before !== null && carriedBy(conv) !== before ? before : null;
      const contact = await em.findOneByOrFail(Contact, { id: conv.contactId });
      return toConversationView(conv, contact);
    });
    if (view) this.bus.emit('conversation:updated', view);
    if (released !== null) this.bus.emit('conversation:released', { conversationId: id, agentId: released });
    return view as R;
  }
}
