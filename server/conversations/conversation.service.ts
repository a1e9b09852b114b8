import type { DataSource, EntityManager } from 'typeorm';
import { recordActivity, type ActivityLine } from '../activity/record-activity';
import type { Agent, Conversation } from '../db/entities';
import { contactsIn } from '../db/repositories/contacts.repository';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { publishAfterCommit } from '../events/after-commit';
import type { EventBus, PendingEvents } from '../events/event-bus';
import { HttpError } from '../http/errors';
import type { Clock } from '../shared/clock';
import * as state from './conversation-state';
import { toConversationView, type ConversationView } from './views';
import { distinctLabels, MAX_LABELS, setLabels } from './conversation-labels';
import type { ConversationPriority } from '../inbox/socket-contract';
import { recordThreadChange } from '../reports/episode-writes';

export type Actor = Pick<Agent, 'id' | 'name' | 'role'>;

/** A conversation's next state, or false to leave the row untouched (no event). */
type Transition = (conv: Conversation, em: EntityManager) => Conversation | false | Promise<Conversation | false>;

/** The thread's lines for a change that happened, from the conversation before and after it (null: no line). */
type LineOf = (before: Conversation, after: Conversation) => ActivityLine | ActivityLine[] | null;

/** What an agent may set on a conversation beside its state (PATCH /api/conversations/:id); absent fields stay. */
export interface ConversationTools { labels?: string[]; priority?: ConversationPriority | null }

const byAgent = (actor: Actor) => ({ actor: 'agent' as const, agentId: actor.id, actorName: actor.name });

/** Only a change someone would notice gets a line: a take-over by the owner, or an unassign of nobody, changes nothing. */
const noticeable = (a: Conversation, b: Conversation): boolean =>
  a.status !== b.status || a.handledBy !== b.handledBy || a.assigneeId !== b.assigneeId || a.snoozedUntil?.getTime() !== b.snoozedUntil?.getTime()
  || (a.priority ?? null) !== (b.priority ?? null) || (a.labels ?? []).join('\n') !== (b.labels ?? []).join('\n');

/** A label or priority change says what changed; setting what was already there says nothing. */
function toolLines(actor: Actor, before: Conversation, after: Conversation): ActivityLine[] {
  const lines: ActivityLine[] = [];
  const [had, has] = [before.labels ?? [], after.labels ?? []];
  const added = has.filter((l) => !had.includes(l));
  const removed = had.filter((l) => !has.includes(l));
  if (added.length || removed.length) lines.push({ kind: 'labelled', ...byAgent(actor), detail: { added, removed } });
  if ((before.priority ?? null) !== (after.priority ?? null)) lines.push({ kind: 'prioritised', ...byAgent(actor), detail: { priority: after.priority ?? null } });
  return lines;
}

/** Reads a conversation for change; on MariaDB the row stays locked until commit (SQLite has one writer anyway). */
export const lockConversation = (em: EntityManager, id: number): Promise<Conversation> => conversationsIn(em).lockById(id);

/** One UPDATE of everything about a conversation that can change (save() would read the row first to diff it). */
export const saveConversationState = (em: EntityManager, c: Conversation): Promise<void> => conversationsIn(em).saveState(c);

/** The collision rule (conversation-state.ts) as the 409 an agent sees. */
export function assertOwnerOrFree(conv: Conversation, actor: Actor): void {
  if (!state.isOwnedByAnother(conv, actor.id)) return;
  throw new HttpError(409, 'not_assignee', 'Another agent owns this conversation — take it over first to reply. 该会话由其他客服负责，请先接管。');
}

/**
 * An agent's or a timer's change of a conversation's status or owner: each is one transaction on a locked row, the
 * change itself is a transition of conversation-state.ts (which the pipeline and agent replies apply too), and
 * `conversation:updated` goes out after commit.
 */
export class ConversationService {
  constructor(private readonly ds: DataSource, private readonly bus: EventBus, private readonly clock: Clock) {}

  /** Explicit take-over: allowed from the bot and from another agent. */
  takeOver(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => state.takeOver(conv, actor.id),
      (before) => ({ kind: 'taken_over', ...byAgent(actor), detail: { agentId: before.assigneeId } }), actor);
  }

  handBack(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      return state.handBack(conv);
    }, () => ({ kind: 'handed_back', ...byAgent(actor) }), actor);
  }

  /** Assign to an agent (or unassign with null). Reassigning someone else's thread is allowed only to admins. */
  assign(id: number, actor: Actor, assigneeId: number | null): Promise<ConversationView> {
    return this.change(id, (conv) => {
      if (actor.role !== 'admin' && assigneeId !== actor.id) assertOwnerOrFree(conv, actor);
      return state.assign(conv, assigneeId);
    }, (before) => (assigneeId === null
      ? { kind: 'unassigned', ...byAgent(actor), detail: { agentId: before.assigneeId } }
      : { kind: 'assigned', ...byAgent(actor), detail: { agentId: assigneeId } }), actor);
  }

  resolve(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      return state.resolve(conv);
    }, () => ({ kind: 'resolved', ...byAgent(actor) }), actor);
  }

  reopen(id: number, actor: Actor): Promise<ConversationView> {
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      return state.reopen(conv);
    }, () => ({ kind: 'reopened', ...byAgent(actor) }), actor);
  }

  /** Snooze until a time, or (until = null) until the customer's next reply, which reopens it on receipt. */
  snooze(id: number, actor: Actor, until: Date | null): Promise<ConversationView> {
    if (until && until <= this.clock.now()) throw new HttpError(400, 'invalid_field', 'until must be in the future', 'until');
    return this.change(id, (conv) => {
      assertOwnerOrFree(conv, actor);
      if (conv.status === 'resolved') throw new HttpError(409, 'resolved', 'A resolved conversation cannot be snoozed');
      return state.snooze(conv, until);
    }, () => ({ kind: 'snoozed', ...byAgent(actor), detail: { until: until?.toISOString() ?? null } }));
  }

  /**
   * Labels and priority. Any agent may set them, owner or not: they sort the team's work and never text the customer,
   * so the take-over rule (which keeps two agents from texting one customer) does not apply.
   */
  setTools(id: number, actor: Actor, tools: ConversationTools): Promise<ConversationView> {
    return this.change(id, async (conv, em) => {
      const next = tools.labels ? await setLabels(em, { ...conv }, tools.labels) : conv;
      return { ...conv, labels: next.labels, ...(tools.priority !== undefined ? { priority: tools.priority } : {}) };
    }, (before, after) => toolLines(actor, before, after));
  }

  /** Adds (or, with `remove`, takes off) one label, keeping the others: the bulk bar's label and unlabel. */
  relabel(id: number, actor: Actor, label: string, remove = false): Promise<ConversationView> {
    return this.change(id, async (conv, em) => {
      const [key] = distinctLabels([label]);
      const had = conv.labels ?? [];
      const labels = remove ? had.filter((l) => l !== key) : [...had, key];
      if (distinctLabels(labels).length > MAX_LABELS) throw new HttpError(409, 'too_many_labels', `A conversation carries at most ${MAX_LABELS} labels`, 'label');
      return { ...conv, labels: (await setLabels(em, { ...conv }, labels)).labels };
    }, (before, after) => toolLines(actor, before, after));
  }

  markRead(id: number): Promise<ConversationView> {
    return this.change(id, state.markRead);
  }

  /** Wakes a snoozed conversation whose time has come (the snooze waker calls this). */
  wake(id: number): Promise<ConversationView | null> {
    return this.change(id, (conv) => (state.isSnoozeOver(conv, this.clock.now()) ? state.wake(conv) : false), () => ({ kind: 'woke', actor: 'system' }));
  }

  /**
   * Round-robin auto-assignment: only while the conversation still needs an assignee, so a concurrent take-over (or
   * another node's assignment) always wins over the robot. `takeTurn` picks the agent inside this transaction
   * (null: nobody has room).
   */
  autoAssign(id: number, takeTurn: (em: EntityManager) => Promise<number | null>): Promise<ConversationView | null> {
    return this.change(id, async (conv, em) => {
      if (!state.needsAssignee(conv)) return false;
      const agentId = await takeTurn(em);
      return agentId === null ? false : state.assign(conv, agentId);
    }, (_, after) => ({ kind: 'assigned', actor: 'system', detail: { agentId: after.assigneeId } }));
  }

  /**
   * `next` returns the conversation's next state, or false to leave the row untouched (no event). A change that takes
   * an open conversation off its owner's plate (resolved, snoozed, handed back, reassigned) also says so, so the
   * waiting queue can move to them.
   */
  private change<R extends ConversationView | null = ConversationView>(id: number, next: Transition, line?: LineOf, actor?: Actor): Promise<R> {
    return publishAfterCommit(this.ds, (em, events) => this.changeIn(em, events, id, next, line, actor) as Promise<R>);
  }

  /**
   * A deactivated agent's unfinished conversations (open or snoozed) lose their owner, inside the caller's transaction
   * (the one that deactivates them): once committed, `conversation:updated` hands each one still waiting for a person
   * to round-robin. Resolved threads keep their assignee, so the history still says who answered.
   */
  async releaseAllOf(em: EntityManager, events: PendingEvents, agentId: number): Promise<number[]> {
    const ids = await conversationsIn(em).unfinishedOf(agentId);
    for (const id of ids) await this.changeIn(em, events, id, (conv) => (conv.assigneeId === agentId ? state.assign(conv, null) : false),
      () => ({ kind: 'unassigned', actor: 'system', detail: { agentId } }));
    return ids;
  }

  private async changeIn(em: EntityManager, events: PendingEvents, id: number, next: Transition, line?: LineOf, actor?: Actor): Promise<ConversationView | null> {
    const conv = await conversationsIn(em).lockById(id);
    const was = { ...conv };
    const before = state.carrierOf(conv);
    const changed = await next(conv, em);
    if (changed === false) return null;
    Object.assign(conv, changed);
    await conversationsIn(em).saveState(conv);
    // One instant for the episode and the activity line, so the episodes rebuilt from the lines (episode-rebuild.ts) are the same.
    const now = this.clock.now();
    // The reports' episodes follow the thread: resolved, reopened, or passed from the bot to a person.
    await recordThreadChange(em, was, conv, now, actor?.id ?? null);
    const said = line && noticeable(was, conv) ? line(was, conv) : null;
    for (const l of [said ?? []].flat()) await recordActivity(em, events, this.bus, id, l, now);
    const released = before !== null && state.carrierOf(conv) !== before ? before : null;
    const view = toConversationView(conv, await contactsIn(em).getById(conv.contactId));
    events.push(() => {
      this.bus.emit('conversation:updated', view);
      if (released !== null) this.bus.emit('conversation:released', { conversationId: id, agentId: released });
    });
    return view;
  }
}
