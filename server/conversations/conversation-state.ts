/**
 * The one owner of a conversation's state: who handles it (the bot or a person), who owns it, whether it is open,
 * snoozed or resolved, and since when its customer waits for an answer.
 *
 * Transitions are pure functions over one state type: they return the next state and change nothing, so the
 * pipeline, agent replies and the conversation service apply them to their row and save it in their own
 * transaction. The inbox's views, "waiting for a person", "needs an assignee" and the queue order are each written
 * once, as conditions read two ways: SQL for the list, its counts and auto-assignment's queries, and a JS predicate
 * for the service, auto-assignment and the inbox UI's live list (this file imports nothing but types, so the browser
 * build includes it, like socket-contract.ts).
 */
import type { HandoffReason } from '../../rules/types';
import type { ConversationPriority, ConversationStatus, ConversationViewName, HandledBy } from '../inbox/socket-contract';

export interface ConversationState {
  status: ConversationStatus;
  handledBy: HandledBy;
  assigneeId: number | null;
  /** Why a person has it: a HandoffReason from the bot, or 'taken_over' when a person took it unasked. */
  handoffReason: string | null;
  /** Since when the customer has waited for a person's answer (null: nobody owes them one). */
  waitingSince: Date | null;
  snoozedUntil: Date | null;
  lastMessageAt: Date | null;
  unread: number;
  /** Optional so rows built before priorities existed (and tests' fixtures) still fit; absent means none. */
  priority?: ConversationPriority | null;
}

const URGENT: HandoffReason = 'urgent';
const TAKEN_OVER = 'taken_over';

// ---------------------------------------------------------------------------------------------------------
// Transitions. Each takes the state (the entity itself fits) and returns the next one.

/** A person takes the thread and the bot goes quiet (rules act only on compliance words while a person handles it). */
const claim = <C extends ConversationState>(c: C, agentId: number): C =>
  ({ ...c, handledBy: 'human', assigneeId: agentId, status: c.status === 'resolved' ? 'open' : c.status });

/**
 * The bot hands the customer to a person. A customer already waiting keeps their place: a second hand-off in the
 * same wait does not send them to the back of the queue. An urgent hand-off (pain, bleeding …) arrives with priority
 * urgent, so the list's priority filter and chip say so; other reasons leave the priority an agent chose.
 */
export const handOff = <C extends ConversationState>(c: C, reason: HandoffReason, now: Date): C =>
  ({ ...c, handledBy: 'human', status: 'open', handoffReason: reason, waitingSince: c.waitingSince ?? now, snoozedUntil: null,
    ...(reason === URGENT ? { priority: 'urgent' as const } : {}) });

/** An agent takes the thread unasked, from the bot or from another agent (that is what "explicitly" means). */
export const takeOver = <C extends ConversationState>(c: C, agentId: number): C =>
  ({ ...claim(c, agentId), status: 'open', snoozedUntil: null, handoffReason: c.handoffReason ?? TAKEN_OVER });

/** Back to the bot: unassigned, and nobody owes the customer an answer any more. */
export const handBack = <C extends ConversationState>(c: C): C =>
  ({ ...c, handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null, status: 'open', snoozedUntil: null });

/** To an agent, who then handles it (a resolved thread reopens for them); or, with null, to nobody. */
export const assign = <C extends ConversationState>(c: C, agentId: number | null): C =>
  (agentId === null ? { ...c, assigneeId: null } : claim(c, agentId));

/** Someone texted the customer (a reply, or an appointment SMS from the contact panel): their wait is over. */
export const markAnswered = <C extends ConversationState>(c: C): C => ({ ...c, waitingSince: null });

/** An agent texted the customer: they own the thread now, and the customer's wait is over. */
export const answerAsAgent = <C extends ConversationState>(c: C, agentId: number): C =>
  markAnswered({ ...claim(c, agentId), status: 'open', snoozedUntil: null, unread: 0 });

export const resolve = <C extends ConversationState>(c: C): C =>
  ({ ...c, status: 'resolved', waitingSince: null, snoozedUntil: null, unread: 0 });

/** An agent reopens the thread as it was (owner and handler unchanged). */
export const reopen = <C extends ConversationState>(c: C): C => ({ ...c, status: 'open', snoozedUntil: null });

/**
 * The customer texted: a resolved thread goes back to the bot, a snoozed one reopens for its owner, and a thread a
 * person handles starts (or keeps) the customer's wait.
 */
export function reopenForInbound<C extends ConversationState>(c: C, now: Date): C {
  const base: C = c.status === 'resolved' ? { ...c, handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null } : c;
  const waitingSince = base.handledBy === 'human' ? base.waitingSince ?? now : base.waitingSince;
  return { ...base, status: 'open', snoozedUntil: null, lastMessageAt: now, unread: base.unread + 1, waitingSince };
}

/** Until a time, or (until = null) until the customer's next text, which reopens it (reopenForInbound). */
export const snooze = <C extends ConversationState>(c: C, until: Date | null): C => ({ ...c, status: 'snoozed', snoozedUntil: until });

/** Only a snooze with a time can run out; "until the customer replies" waits for them. */
export const isSnoozeOver = (c: ConversationState, now: Date): boolean =>
  c.status === 'snoozed' && c.snoozedUntil !== null && c.snoozedUntil <= now;

export const wake = <C extends ConversationState>(c: C): C => ({ ...c, status: 'open', snoozedUntil: null });

export const markRead = <C extends ConversationState>(c: C): C => ({ ...c, unread: 0 });

/**
 * Collision rule: a conversation with an owner answers to that owner only; another agent must take it over
 * explicitly, so two agents never text the same customer at once.
 */
export const isOwnedByAnother = (c: Pick<ConversationState, 'assigneeId'>, agentId: number): boolean =>
  c.assigneeId !== null && c.assigneeId !== agentId;

// ---------------------------------------------------------------------------------------------------------
// Conditions, each written once and read as SQL and as JS.

/** What the predicates read: the entity and the wire view (with its times as ISO strings) both fit. */
export interface StateRow {
  status: ConversationStatus;
  handledBy: HandledBy;
  assigneeId: number | null;
  handoffReason: string | null;
  waitingSince: Date | string | null;
}

/** Stands for the asking agent: `:me` in SQL, the `me` argument in JS. */
const ME = { me: true } as const;

/** The database's name of each column a condition may test. */
const COLUMNS = { status: 'status', handledBy: 'handled_by', assigneeId: 'assignee_id', handoffReason: 'handoff_reason', waitingSince: 'waiting_since' } as const;
const NULLABLE = new Set<keyof typeof COLUMNS>(['assigneeId', 'handoffReason', 'waitingSince']);

type Op = '=' | '<>';
/** One test of one column; a condition holds when all of its clauses do. */
type Clause =
  | readonly ['status', Op, ConversationStatus]
  | readonly ['handledBy', Op, HandledBy]
  | readonly ['assigneeId', Op, null | typeof ME]
  | readonly ['handoffReason', Op, HandoffReason | null]
  | readonly ['waitingSince', Op, null];

export interface Condition {
  readonly clauses: readonly Clause[];
  /** The WHERE fragment over the conversations table under `alias`; it uses the `:me` parameter when it names ME. */
  sql(alias?: string): string;
  test(c: StateRow, me?: number): boolean;
}

function clauseSql([field, op, value]: Clause, alias: string): string {
  const column = `${alias}.${COLUMNS[field]}`;
  if (value === null) return `${column} ${op === '=' ? 'IS NULL' : 'IS NOT NULL'}`;
  // The values are this file's own constants, never input: safe to write inline, and the statement reads as the view.
  const operand = value === ME ? ':me' : `'${value}'`;
  // SQL's NULL <> x is not true, JS's null !== x is: spell out what JS means.
  if (op === '<>' && NULLABLE.has(field)) return `(${column} IS NULL OR ${column} <> ${operand})`;
  return `${column} ${op} ${operand}`;
}

function clauseHolds([field, op, value]: Clause, c: StateRow, me: number | undefined): boolean {
  const actual = c[field];
  const equal = value === null ? actual === null || actual === undefined : actual === (value === ME ? me : value);
  return op === '=' ? equal : !equal;
}

const condition = (...clauses: Clause[]): Condition => ({
  clauses,
  sql: (alias = 'c') => (clauses.length ? clauses.map((cl) => clauseSql(cl, alias)).join(' AND ') : '1 = 1'),
  test: (c, me) => clauses.every((cl) => clauseHolds(cl, c, me)),
});

/** A person handles it and it is open: someone owes the customer an answer (it counts in its assignee's load). */
export const WAITING_FOR_PERSON = condition(['handledBy', '=', 'human'], ['status', '=', 'open']);
/** Waiting for a person and nobody has it: what auto-assignment hands out. */
export const NEEDS_ASSIGNEE = condition(...WAITING_FOR_PERSON.clauses, ['assigneeId', '=', null]);

/** Each inbox view. "Needs a person" includes assigned threads: someone still owes the customer an answer. */
export const VIEWS: Record<ConversationViewName, Condition> = {
  'needs-person': WAITING_FOR_PERSON,
  mine: condition(['assigneeId', '=', ME], ['status', '<>', 'resolved']),
  unassigned: NEEDS_ASSIGNEE,
  bot: condition(['handledBy', '=', 'bot'], ['status', '=', 'open']),
  resolved: condition(['status', '=', 'resolved']),
  all: condition(),
};

export const isWaitingForPerson = (c: StateRow): boolean => WAITING_FOR_PERSON.test(c);
export const needsAssignee = (c: StateRow): boolean => NEEDS_ASSIGNEE.test(c);
export const inView = (c: StateRow, view: ConversationViewName, me: number): boolean => VIEWS[view].test(c, me);

/** The agent whose open load this conversation counts in (the cap of automatic assignment), if any. */
export const carrierOf = (c: StateRow): number | null => (isWaitingForPerson(c) ? c.assigneeId : null);

// ---------------------------------------------------------------------------------------------------------
// The queue order: the list's, the UI's and auto-assignment's.

/**
 * Customers waiting for an answer come first, and among them urgent hand-offs (pain, bleeding …) before everyone
 * else; the rank is the index of the first condition a conversation meets, or RANKS.length when it meets none.
 */
const RANKS = [condition(['waitingSince', '<>', null], ['handoffReason', '=', URGENT]), condition(['waitingSince', '<>', null])];
export const NOT_WAITING_RANK = RANKS.length;

export function queueRank(c: StateRow): number {
  const rank = RANKS.findIndex((r) => r.test(c));
  return rank < 0 ? NOT_WAITING_RANK : rank;
}

export const queueRankSql = (alias = 'c'): string =>
  `CASE ${RANKS.map((r, i) => `WHEN ${r.sql(alias)} THEN ${i}`).join(' ')} ELSE ${NOT_WAITING_RANK} END`;

/** What the order compares, from the entity (Dates) or the wire view (ISO strings). */
export interface QueueRow extends StateRow { id: number; lastMessageAt: Date | string | null }

type Direction = 'ASC' | 'DESC';
const ms = (t: Date | string | null): number | null => (t === null ? null : typeof t === 'string' ? Date.parse(t) : t.getTime());

/**
 * Rank (urgent, waiting, not waiting), then the longest wait, then the latest activity, then the newest id. A
 * conversation never written to (no last message) sorts after the others of its rank.
 */
const QUEUE_ORDER: ReadonlyArray<{ sql: (alias: string) => string; key: (c: QueueRow) => number | null; dir: Direction }> = [
  { sql: queueRankSql, key: queueRank, dir: 'ASC' },
  { sql: (a) => `${a}.waiting_since`, key: (c) => ms(c.waitingSince), dir: 'ASC' },
  { sql: (a) => `${a}.last_message_at`, key: (c) => ms(c.lastMessageAt), dir: 'DESC' },
  { sql: (a) => `${a}.id`, key: (c) => c.id, dir: 'DESC' },
];

/** ORDER BY terms, in order, for a query over conversations under `alias`. */
export const queueOrderSql = (alias = 'c'): Array<[string, Direction]> => QUEUE_ORDER.map((o) => [o.sql(alias), o.dir]);

/** The same order as a comparator (Array.prototype.sort). */
export function byQueueOrder(a: QueueRow, b: QueueRow): number {
  for (const { key, dir } of QUEUE_ORDER) {
    const [x, y] = [key(a), key(b)];
    if (x === y) continue;
    // NULL is the smallest value on SQLite and MariaDB: first when ascending, last when descending.
    const ascending = x === null ? -1 : y === null ? 1 : x - y;
    if (ascending !== 0) return dir === 'ASC' ? ascending : -ascending;
  }
  return 0;
}
