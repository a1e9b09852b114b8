import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Message } from '../db/entities';

export type NewMessage = Omit<Message, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * Inserts a message stamped with the pipeline's clock and returns it with its id, in one statement. `save()` would
 * read every new row back for its database-made timestamps: on MariaDB that second round trip per message was a
 * quarter of the inbound pipeline (scripts/bench/fanout.ts).
 */
export async function insertMessage(em: EntityManager, values: NewMessage, now: Date): Promise<Message> {
  const row = em.create(Message, { ...values, createdAt: now, updatedAt: now });
  const result = await em.createQueryBuilder().insert().into(Message).values(row as QueryDeepPartialEntity<Message>).updateEntity(false).execute();
  // SQLite hands back the rowid, mysql2 a result header.
  const raw = result.raw as { insertId?: number } | number | bigint;
  row.id = typeof raw === 'object' ? Number(raw.insertId) : Number(raw);
  if (!Number.isSafeInteger(row.id) || row.id <= 0) throw new Error('The database did not return the new message id');
  return row;
}
