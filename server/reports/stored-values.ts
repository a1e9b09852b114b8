import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';

/**
 * Instants between raw SQL and JavaScript: mysql2 hands back and takes Dates (the pool runs in UTC); better-sqlite3
 * hands back the stored UTC text ('YYYY-MM-DD HH:MM:SS.mmm') and binds only text and numbers.
 */
export const storedInstant = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
export const storedInstantOrNull = (v: unknown): Date | null => (v == null ? null : storedInstant(v));

/** An instant as a raw statement's parameter on `em`'s database. */
export const instantParam = (em: EntityManager, d: Date): Date | string => (isMysql(em.connection) ? d : d.toISOString().replace('T', ' ').replace('Z', ''));

/** A send (`campaign:<id>`, `template:<key>`, or an origin) as a condition on the messages aliased `alias`, as sendOf tells them. */
export function sendCondition(alias: string, send: string): [string, Record<string, unknown>] {
  if (send.startsWith('campaign:')) return [`${alias}.campaign_id = :sendCampaign`, { sendCampaign: Number(send.slice(9)) || -1 }];
  if (send.startsWith('template:')) return [`${alias}.campaign_id IS NULL AND ${alias}.template_key = :sendTemplate`, { sendTemplate: send.slice(9) }];
  return [`${alias}.direction = 'out' AND ${alias}.campaign_id IS NULL AND (${alias}.template_key IS NULL OR ${alias}.template_key LIKE :testKey) AND ${alias}.origin = :sendOrigin`,
    { testKey: 'campaign:%', sendOrigin: send }];
}
