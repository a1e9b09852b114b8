import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { cachedStatement, givenColumns } from './statement-cache';
import { runQuery } from './run-query';

function statementFor(em: EntityManager, metadata: EntityMetadata, columns: EntityMetadata['columns'], columnsKey: number): string {
  return cachedStatement(metadata, 'insert', columnsKey, () => {
    const { driver } = em.connection;
    return `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  });
}

/**
 * Inserts one entity row and answers its new id, with a parameterised INSERT written once per entity rather than
 * built by TypeORM's query builder on every call: on the inbound path the builder's SQL generation and parameter
 * renaming were the largest share of a webhook's CPU (npm run bench:webhook, profiled). Values go through the same
 * column transformers and the driver's own `preparePersistentValue` as the builder uses (JSON, dates, booleans), so
 * the stored row is the same. Columns left undefined take their database default; the row is not read back.
 */
export async function insertRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, row: T): Promise<number> {
  const metadata = em.connection.getMetadata(target);
  const { columns, params, key } = givenColumns(em, metadata, row);
  const result = await runQuery(em, statementFor(em, metadata, columns, key), params) as { insertId?: number } | number | bigint;
  // SQLite hands back the rowid, mysql2 a result header.
  const id = typeof result === 'object' ? Number(result.insertId) : Number(result);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`The database did not return the new ${metadata.tableName} row's id`);
  return id;
}
