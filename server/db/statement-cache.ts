import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

const statements = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * A hand-written statement for one entity, one kind (INSERT, UPDATE…) and one set of columns, built on first use and
 * kept for the process: a handful per entity, so the hot path never builds SQL twice.
 */
export function cachedStatement(metadata: EntityMetadata, kind: string, columns: EntityMetadata['columns'], build: () => string): string {
  let byKey = statements.get(metadata);
  if (!byKey) statements.set(metadata, byKey = new Map());
  const key = `${kind}:${columns.map((c) => c.databaseName).join(',')}`;
  let sql = byKey.get(key);
  if (sql === undefined) byKey.set(key, sql = build());
  return sql;
}

/**
 * The columns `values` gives (undefined: not given; generated and virtual ones never) and their values as the driver
 * stores them, through the column transformers and `preparePersistentValue` as TypeORM's own INSERT and UPDATE pass them.
 */
export function givenColumns(em: EntityManager, metadata: EntityMetadata, values: ObjectLiteral): { columns: EntityMetadata['columns']; params: unknown[] } {
  const columns = metadata.columns.filter((c) => !c.isGenerated && !c.isVirtual && c.getEntityValue(values) !== undefined);
  return { columns, params: columns.map((c) => em.connection.driver.preparePersistentValue(c.getEntityValue(values, true), c) as unknown) };
}
