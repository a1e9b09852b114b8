import type { PoolConnection } from 'mysql2';
import { QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';

type Connected = QueryRunner & { databaseConnection?: PoolConnection };
const plainQuery = MysqlQueryRunner.prototype.query;

/**
 * `em.query(sql, values)`, answered the same (mysql2's rows or result header; a failure as TypeORM's
 * QueryFailedError), but inside a MariaDB transaction sent straight to the transaction's connection: TypeORM's path
 * there (the data source, the runner's query, before/after-query broadcasts, mysql2's promise wrapper made anew for
 * every statement) allocated more per statement than the statement itself, ~5% of a webhook's heap
 * (bench:webhook's allocation profile). Anything that wraps a runner's query (tests and scripts that list the
 * statements), TypeORM's query logging and SQLite keep TypeORM's path.
 */
export function runQuery(em: EntityManager, sql: string, values: unknown[]): Promise<unknown> {
  const runner = em.queryRunner as Connected | undefined;
  const connection = runner?.databaseConnection;
  if (!runner || !connection || runner.isReleased || runner.query !== plainQuery || em.connection.options.logging) return em.query(sql, values);
  return new Promise((resolve, reject) => {
    connection.query(sql, values, (err, result) => (err ? reject(new QueryFailedError(sql, values, err)) : resolve(result)));
  });
}
