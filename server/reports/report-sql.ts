import type { EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import { isMysql } from '../db/data-source';

/**
 * A raw query with named parameters, through the driver's own escaping so each dialect binds instants as it stores
 * them (campaign-stats.ts does the same). Reports read many rows: raw rows skip the entity hydration.
 */
export function reportQuery<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(query, values) as Promise<T[]>;
}

/** A datetime column from a raw row: mysql2 gives a Date, SQLite the stored UTC text 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function instantOf(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
}

/** A count or id from a raw row (MariaDB returns COUNT and SUM as strings or bigints). */
export const numberOf = (value: unknown): number => Number(value ?? 0);

/**
 * Rows grouped by the business's local hour, in SQL: the hour of (column + the zone's sub-hour offset), so every
 * group lies inside one local hour of one local day — whole-hour zones group by UTC hour, India (+5:30) and Nepal
 * (+5:45) by UTC time shifted 30 or 45 minutes. Daylight saving moves clocks by whole hours, so the shift holds all
 * year. `start` turns a group's key back into the instant its local hour begins.
 */
export function localHourGroups(em: EntityManager, column: string, timezone: string, at: Date): { sql: string; start: (key: string) => Date } {
  const t = localTime(at, timezone);
  const offset = Math.round((Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  const shift = ((offset % 60) + 60) % 60;
  const mysql = isMysql(em.connection);
  const shifted = shift === 0 ? column : mysql ? `DATE_ADD(${column}, INTERVAL ${shift} MINUTE)` : `datetime(${column}, '+${shift} minutes')`;
  const sql = mysql ? `DATE_FORMAT(${shifted}, '%Y-%m-%d %H')` : `substr(${shifted}, 1, 13)`;
  return { sql, start: (key) => new Date(Date.parse(`${key.replace(' ', 'T')}:00:00Z`) - shift * 60_000) };
}

/** 'YYYY-MM-DD' of a local time. */
export const localDate = (t: { year: number; month: number; day: number }): string =>
  `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
