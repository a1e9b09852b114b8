import type { DataSource } from 'typeorm';
import { GROUPS_AT_ONCE, inTransactionTogether, membersWaiting } from '../../server/db/group-commit';
import { eventually } from './test-server';

/**
 * Starts `work` (requests whose transactions join group commit) while every group slot of `ds` is held, waits until
 * `members` of them queue, then lets them run — as one group, as a burst does on its own. Answers what `work` answers.
 * The blockers, one per group slot (GROUPS_AT_ONCE), commit (empty) transactions of their own.
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
