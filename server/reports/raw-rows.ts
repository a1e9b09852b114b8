import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';

/**
 * A report's SQL with named parameters (`:start`, `:...ids`), bound through the driver's own escaping so each dialect
 * gets instants as it stores them (campaign-stats.ts does the same).
 */
export function rawRows<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(query, values) as Promise<T[]>;
}

/**
 * An instant read by raw SQL: mysql2 hands back a Date (the pool runs in 'Z'), better-sqlite3 the stored text
 * 'YYYY-MM-DD HH:MM:SS.mmm', which is UTC.
 */
export function instant(value: Date | string): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

/** A count from raw SQL: MariaDB answers COUNT and SUM as strings (or null for a SUM over no rows). */
export const num = (value: unknown): number => Number(value ?? 0);

/** SQL for an instant `hours` after the instant column `column`, as each dialect stores `datetime(3)`. */
export function hoursAfter(em: EntityManager, column: string, hours: number): string {
  return isMysql(em.connection) ? `(${column} + INTERVAL ${hours} HOUR)` : `strftime('%Y-%m-%d %H:%M:%f', ${column}, '+${hours} hours')`;
}

/** SQL for a text column's length in characters (code points): Chinese carriers bill by characters. */
export function charLength(em: EntityManager, column: string): string {
  return isMysql(em.connection) ? `CHAR_LENGTH(${column})` : `LENGTH(${column})`;
}

/** SQL for the UTC hour (hours since 1970) an instant column falls in: the roll-ups' hour bucket (rollup-keys.ts hourOf). */
export function hourSql(em: EntityManager, column: string): string {
  return isMysql(em.connection) ? `TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', ${column})` : `CAST(strftime('%s', ${column}) AS INTEGER) / 3600`;
}
