import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { hydrateRow } from './hydrate-row';
import { runQuery } from './run-query';

/**
 * Entities read by a hand-written, parameterised `SELECT * … WHERE` (`where` and `tail` are the caller's fixed SQL
 * with `?` placeholders, never values), hydrated as TypeORM hydrates its own: for the reads every inbound text makes,
 * where find() building the same statement cost ten times the statement itself (scripts/bench/webhook-statements.ts).
 */
export async function selectRows<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, where: string, params: unknown[], tail = ''): Promise<T[]> {
  const { tableName } = em.connection.getMetadata(target);
  const rows = await runQuery(em, `SELECT * FROM ${em.connection.driver.escape(tableName)} WHERE ${where}${tail ? ` ${tail}` : ''}`, params) as Array<Record<string, unknown>>;
  return rows.map((row) => hydrateRow(em, target, row));
}

/** A value as `property`'s column stores it (a Date in SQLite's text form, JSON as text), for a hand-written statement's parameter. */
export function storedValue<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, property: keyof T & string, value: unknown): unknown {
  const column = em.connection.getMetadata(target).findColumnWithPropertyName(property);
  if (!column) throw new Error(`No column for ${property}`);
  return em.connection.driver.preparePersistentValue(value, column) as unknown;
}
