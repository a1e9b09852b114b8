import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
