import type { QueryRunner } from 'typeorm';
import type { TestHuixin } from './test-server';

/** Every statement `hx` sends to its database while `work` runs (after-commit work included). */
export async function statementsDuring(hx: TestHuixin, work: () => Promise<void>): Promise<string[]> {
  const log: string[] = [];
  const wrapped = new Map<QueryRunner, QueryRunner['query']>();
  const wrap = (runner: QueryRunner) => {
    if (wrapped.has(runner)) return runner;
    const query = runner.query;
    wrapped.set(runner, query);
    runner.query = ((q: string, ...rest: unknown[]) => { log.push(q.replace(/\s+/g, ' ')); return (query as (...a: unknown[]) => Promise<unknown>).call(runner, q, ...rest); }) as QueryRunner['query'];
    return runner;
  };
  const driver = hx.ds.driver as unknown as { createQueryRunner(mode: string): QueryRunner; queryRunner?: QueryRunner };
  const create = driver.createQueryRunner;
  driver.createQueryRunner = (mode) => wrap(create.call(driver, mode));
  if (driver.queryRunner) wrap(driver.queryRunner);   // SQLite's one runner, made before
  try {
    await work();
    await new Promise((r) => setTimeout(r, 100));   // the relays' batched reads, a turn or two later
  } finally {
    driver.createQueryRunner = create;
    for (const [runner, query] of wrapped) runner.query = query;
  }
  return log;
}
