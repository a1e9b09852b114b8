import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DatabaseTimeoutError, isDatabaseUnavailable } from './database-unavailable';
import { DEFAULT_DB_TIMEOUT_MS, isMysql } from './data-source';
import { endSharing, shareTransaction } from './pipelined-statements';
import { inTransaction } from './transaction';

/**
 * Group commit on MariaDB: transactions that arrive while others run are run together, in one transaction on one
 * connection, and each caller is answered only after its COMMIT. Their statements go to the server side by side
 * (pipelined-statements.ts shareTransaction): twenty webhooks' first looks in one round trip, then their inserts in
 * the next, so a burst of texts costs a round trip, a socket write and a server wake-up per step instead of per text
 * and step, and one commit (one log flush) for all. Their report counts are summed into one upsert before COMMIT
 * (reports/rollup-store.ts gathers them per transaction).
 *
 * The group is only an optimisation, never a change of outcome: if any member fails — its own error, a statement's
 * error, a deadlock, a timeout — the whole group is rolled back and every member is run again alone, exactly as
 * without grouping (inTransaction), so each is told of its own failure only, and nothing of a failed member was ever
 * committed. Members with the same key (the texting number) never run at once, in one group or two: they would race
 * for the same rows (both inserting a new contact, say); the later waits for the next group. SQLite's transactions
 * already commit together (transaction.ts).
 *
 * `work` runs concurrently with the group's other members on the same EntityManager, so it must not open savepoints
 * (nested transactions) and, as for inTransaction, must do nothing outside the transaction a second run would repeat.
 * Row locks do not keep members of one transaction apart: work that serialises on a row (a booking at a location,
 * booking-lock.ts) also calls holdInGroup.
 */
export function inTransactionTogether<T>(ds: DataSource, key: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const queue = queueOf(ds);
  // SQLite groups its transactions itself; a limit of one is no grouping at all: each transaction on its own, at once.
  if (!isMysql(ds) || queue.max === 1) return inTransaction(ds, work);
  const answered = new Promise<T>((resolve, reject) => {
    const member: Member = { key, work, resolve: resolve as (value: unknown) => void, reject };
    // As long as a transaction may wait for a pooled connection, and no longer: under a burst the database cannot
    // keep up with, a text is answered 503 (the provider retries later) rather than held until the provider gives up.
    member.bound = setTimeout(() => {
      const at = queue.waiting.indexOf(member);
      if (at === -1) return;
      queue.waiting.splice(at, 1);
      queue.observer?.timedOut();
      reject(new DatabaseTimeoutError(`No turn to write within ${queue.timeoutMs} ms`));
    }, queue.timeoutMs);
    queue.waiting.push(member);
  });
  startGroups(ds, queue);
  return answered;
}

/**
 * The most transactions in one group, unless limitGroups says otherwise (DB_GROUP_MAX): bounds how long a group's
 * rows stay locked and how long its first member waits for the others.
 */
const GROUP_MAX = 24;

/**
 * Sets the most transactions in one of `ds`'s groups (1: no grouping, each transaction runs as it comes) and the
 * longest one waits for its group (DB_TIMEOUT_MS, as for a pooled connection).
 */
export function limitGroups(ds: DataSource, max: number, timeoutMs = DEFAULT_DB_TIMEOUT_MS): void {
  Object.assign(queueOf(ds), { max, timeoutMs });
}

/** What /metrics counts of the groups (metrics/runtime-gauges.ts watchCommitGroups). */
export interface GroupObserver {
  /**
   * A group was taken from the queue with `size` members; for two or more, whether it committed, ran each alone after
   * a failure, or was answered 503 because the database did not answer.
   */
  ran(size: number, outcome: GroupOutcome): void;
  /** A text waited for its group longer than the bound and was answered 503. */
  timedOut(): void;
}

export type GroupOutcome = 'alone' | 'committed' | 'rerun' | 'unavailable';

/** Tells `observer` about every group of `ds` from now on. */
export function observeGroups(ds: DataSource, observer: GroupObserver): void {
  queueOf(ds).observer = observer;
}

/**
 * Groups in flight at once: one runs its round trip while the other's members decide (node's CPU), so neither the
 * process nor the server waits for the other. More would mean more transactions locking the same hot rows.
 */
export const GROUPS_AT_ONCE = 2;

interface Member {
  key: string; work: (em: EntityManager) => Promise<unknown>; resolve(value: unknown): void; reject(err: unknown): void;
  /** Settles when the member's work in its group has (holdInGroup waits on it). */
  done?: Promise<unknown>;
  /** Rejects the member if it is still waiting for a group after the queue's timeoutMs. */
  bound?: NodeJS.Timeout;
}
interface Queue { waiting: Member[]; running: number; busyKeys: Set<string>; max: number; timeoutMs: number; observer?: GroupObserver }
const queues = new WeakMap<DataSource, Queue>();

/** `ds`'s queue, made with the defaults on first use. */
function queueOf(ds: DataSource): Queue {
  let queue = queues.get(ds);
  if (!queue) queues.set(ds, queue = { waiting: [], running: 0, busyKeys: new Set(), max: GROUP_MAX, timeoutMs: DEFAULT_DB_TIMEOUT_MS });
  return queue;
}

function startGroups(ds: DataSource, queue: Queue): void {
  while (queue.running < GROUPS_AT_ONCE && queue.waiting.length) {
    const group = takeGroup(queue);
    if (!group.length) return;   // every waiting key is running: the group that holds it starts the next
    queue.running += 1;
    void runGroup(ds, group).then((outcome) => queue.observer?.ran(group.length, outcome)).finally(() => {
      queue.running -= 1;
      for (const member of group) queue.busyKeys.delete(member.key);
      startGroups(ds, queue);
    });
  }
}

/** The longest-waiting members whose keys are not running, one per key, up to the queue's most; the rest keep their place. */
function takeGroup(queue: Queue): Member[] {
  const group: Member[] = [];
  queue.waiting = queue.waiting.filter((member) => {
    if (group.length >= queue.max || queue.busyKeys.has(member.key)) return true;
    queue.busyKeys.add(member.key);
    clearTimeout(member.bound);
    group.push(member);
    return false;
  });
  return group;
}

/**
 * What a row lock is between transactions, between the members of one group: the first member to hold `resource`
 * keeps it until its work is done (its writes are then visible to the others, in the same transaction), and another
 * member asking for it waits until then. Two members waiting on each other fail the group (each then runs alone).
 * Outside a group, nothing: the row lock the caller takes does the work.
 */
export async function holdInGroup(em: EntityManager, resource: string): Promise<void> {
  const holds = em.queryRunner && groupHolds.get(em.queryRunner);
  const member = memberOf.get(em);
  if (!holds || !member) return;
  for (;;) {
    const holder = holds.holder.get(resource);
    if (!holder || holder === member) { holds.holder.set(resource, member); return; }
    for (let m: Member | undefined = holder; m; m = holds.waitingFor.get(m)) {
      if (m === member) throw new GroupFailed(`two members of a group wait for each other (${resource})`);
    }
    holds.waitingFor.set(member, holder);
    const finished = await holder.done!.then(() => true, () => false);
    holds.waitingFor.delete(member);
    // Its work is over: what it held is free (a holder that failed has failed the group).
    if (!finished) throw new GroupFailed(`a member holding ${resource} failed`);
    if (holds.holder.get(resource) === holder) holds.holder.delete(resource);
  }
}

interface Holds { holder: Map<string, Member>; waitingFor: Map<Member, Member> }
const groupHolds = new WeakMap<QueryRunner, Holds>();
/**
 * Each member works on an EntityManager of its own over the group's one connection, which says whose work asks
 * (rather than an AsyncLocalStorage: enabling async hooks cost every promise of the process 2% of its CPU).
 */
const memberOf = new WeakMap<EntityManager, Member>();

/** Thrown inside the group's transaction to roll it back when any member failed. */
class GroupFailed extends Error {}

async function runGroup(ds: DataSource, group: Member[]): Promise<GroupOutcome> {
  if (group.length === 1) { await runAlone(ds, group[0]!); return 'alone'; }
  let results: unknown[];
  /** What failed inside the group: the shared connection's first error and each failed member's. */
  let errors: unknown[] = [];
  try {
    results = await ds.transaction(async (em) => {
      const runner = em.queryRunner!;
      if (!shareTransaction(runner)) throw new GroupFailed('the transaction could not be shared');
      groupHolds.set(runner, { holder: new Map(), waitingFor: new Map() });
      const settled = await Promise.allSettled(group.map((member) => {
        const own = ds.createEntityManager(runner);
        memberOf.set(own, member);
        member.done = member.work(own);
        return member.done;
      }));
      groupHolds.delete(runner);
      const failed = endSharing(runner);
      errors = [failed, ...settled.map((s) => (s.status === 'rejected' ? s.reason : null))].filter(Boolean);
      if (errors.length) throw new GroupFailed('a member failed');
      return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
    });
  } catch (err) {
    // The database did not answer (a statement or COMMIT timed out, the connection was lost): running each member
    // again would wait as long again for each, so every one is answered now, as a transaction alone would have been
    // (503: nothing of it was committed, the provider sends it again).
    const unavailable = [...errors, err].find((e) => isDatabaseUnavailable(e));
    if (unavailable) { for (const member of group) member.reject(unavailable); return 'unavailable'; }
    // Rolled back, all of it: each member again on its own, as if it had never been grouped.
    await Promise.all(group.map((member) => runAlone(ds, member)));
    return 'rerun';
  }
  group.forEach((member, i) => member.resolve(results[i]));
  return 'committed';
}

const runAlone = (ds: DataSource, member: Member) => inTransaction(ds, member.work).then(member.resolve, member.reject);

/** How many transactions wait for a group now (tests hold groups back to form one). */
export const membersWaiting = (ds: DataSource): number => queues.get(ds)?.waiting.length ?? 0;
