import { Repository, type EntityManager } from 'typeorm';
import { Contact } from '../entities';

/** Every query of the contacts table that more than one place needs. */
export class ContactRepository extends Repository<Contact> {
  /** `phone` in E.164, the one identity of a customer across providers and spellings. */
  findByPhone(phone: string): Promise<Contact | null> {
    return this.findOneBy({ phone });
  }

  /** The contact a row refers to (a message's, a conversation's, an appointment's): it must exist. */
  getById(id: number): Promise<Contact> {
    return this.findOneByOrFail({ id });
  }
}

/** The contacts table through `em` (a transaction's, or the data source's manager). */
export const contactsIn = (em: EntityManager) => new ContactRepository(Contact, em);
