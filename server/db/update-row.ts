import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { cachedStatement, givenColumns } from './statement-cache';
import { writeWithNext } from './pipelined-statements';

function statementFor(em: EntityManager, metadata: EntityMetadata, columns: EntityMetadata['columns'], columnsKey: number): string {
  return cachedStatement(metadata, 'update', columnsKey, () => {
    const { driver } = em.connection;
    const id = metadata.primaryColumns[0]!;
    const updatedAt = metadata.updateDateColumn;
    const stamp = updatedAt && !columns.includes(updatedAt) ? `, ${driver.escape(updatedAt.databaseName)} = CURRENT_TIMESTAMP` : '';
    return `UPDATE ${driver.escape(metadata.tableName)} SET ${columns.map((c) => `${driver.escape(c.databaseName)} = ?`).join(', ')}${stamp} WHERE ${driver.escape(id.databaseName)} = ?`;
  });
}

/**
 * Sets the given columns of the row with this id, by a parameterised UPDATE written once per column set instead of
 * the repository's `update()`, which builds its statement through the query builder on every call: on SQLite that
 * cost ten times the statement itself (scripts/bench/webhook-statements.ts beside a profile of bench:webhook).
 * Values pass through the column transformers and the driver's `preparePersistentValue` as `update()` passes them,
 * and `updated_at` is stamped as `update()` stamps it. Properties left undefined are not written.
 */
export async function updateRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, id: number, values: Partial<T>): Promise<void> {
  const metadata = em.connection.getMetadata(target);
  const { columns, params, key } = givenColumns(em, metadata, values);
  if (!columns.length) return;
  // In a transaction on MariaDB the UPDATE travels with the transaction's next statement (pipelined-statements.ts).
  await writeWithNext(em, statementFor(em, metadata, columns, key), [...params, id]);
}
