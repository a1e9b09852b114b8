import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import { Contact } from '../db/entities';
import { notFound } from '../http/errors';

/** Reads a contact for change; on MariaDB the row stays locked until commit (SQLite has one writer anyway). */
export async function lockContact(em: EntityManager, id: number): Promise<Contact> {
  const contact = await em.findOne(Contact, { where: { id }, ...(isMysql(em.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!contact) throw notFound('Contact');
  return contact;
}
