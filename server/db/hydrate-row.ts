import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a raw row whose columns are the table's own names (`SELECT c.* …`), converted as TypeORM converts
 * its own results (the driver's `prepareHydratedValue`: JSON, dates, booleans, column transformers). For a hand-written
 * statement on the hot path that reads an entity together with something else in one round trip. `prefix`: the
 * entity's columns are named `<prefix><column>` (a second entity of the same row, `c.phone AS ct__phone`).
 */
export function hydrateRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>, prefix = ''): T {
  const metadata = em.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    const value = raw[prefix + column.databaseName];
    if (value !== undefined) column.setEntityValue(entity, em.connection.driver.prepareHydratedValue(value, column));
  }
  return entity;
}

const prefixedLists = new WeakMap<DataSource, Map<string, string>>();

/**
 * Every column of an entity read as `<alias>.<column> AS <prefix><column>`, for hydrateRow with that prefix: a second
 * (or third) entity in one row. Built once per data source, entity, alias and prefix.
 */
export function prefixedColumns(em: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string, prefix: string): string {
  const metadata = em.connection.getMetadata(target);
  let lists = prefixedLists.get(em.connection);
  if (!lists) prefixedLists.set(em.connection, lists = new Map());
  const key = `${metadata.tableName} ${alias} ${prefix}`;
  let list = lists.get(key);
  if (list === undefined) {
    const q = (name: string) => em.connection.driver.escape(name);
    list = metadata.columns.map((c) => `${alias}.${q(c.databaseName)} AS ${q(prefix + c.databaseName)}`).join(', ');
    lists.set(key, list);
  }
  return list;
}
