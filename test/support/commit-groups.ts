import type { DataSource } from 'typeorm';
import { inTransactionTogether, membersWaiting } from '../../server/db/group-commit';
import { eventually } from './test-server';

/** Groups that may run at once (db/group-commit.ts GROUPS_AT_ONCE): each blocker below holds one. */
export const GROUPS_AT_ONCE = 2;

/**
 * Starts `work` (requests whose transactions join group commit) while every group slot of `ds` is held, waits until
 * `members` of them queue, then lets them run — as one group, as a burst does on its own. Answers what `work` answers.
 * The two blockers commit (empty) transactions of their own.
 */
export async function asOneGroup<T>(ds: DataSource, members: number, work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const blockers = Array.from({ length: GROUPS_AT_ONCE }, (_, i) => inTransactionTogether(ds, `blocker-${i}`, () => gate));
  await eventually(() => membersWaiting(ds) === 0);
  const answers = work();
  await eventually(() => membersWaiting(ds) === members);
  release();
  await Promise.all(blockers);
  return answers;
}
