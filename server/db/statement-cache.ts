import type { EntityMetadata } from 'typeorm';

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
