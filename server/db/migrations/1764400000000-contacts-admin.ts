import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTable, createdAt, id, index, int, text, timestamp, updatedAt, varchar } from './table-builder';

/**
 * Issue 13, contacts a business manages itself:
 * - custom attributes: admin-defined fields (`contact_attributes`: key, label per language, type, choices), and each
 *   contact's values as JSON on the contact (`attributes`);
 * - positive marketing consent (`marketing_consent_at`): "no marketing without marketing consent" needs a yes, not
 *   only the absence of a refusal; an import or an agent records it with its source as a consent event;
 * - erasure on request (PIPL/GDPR): the contact goes, its consent events stay as proof with the contact unlinked
 *   (`contact_id` null) and the number kept only as a keyed hash (`phone_hash`), so a later import or booking of the
 *   same number still finds the refusal.
 */
export class ContactsAdmin1764400000000 implements MigrationInterface {
  name = 'ContactsAdmin1764400000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('contacts', [
      new TableColumn(text('attributes', { isNullable: true })),
      new TableColumn(timestamp('marketing_consent_at', { isNullable: true })),
    ]);
    await createTable(qr, 'contact_attributes', [
      id(), varchar('key', 40), text('labels'), varchar('type', 10), text('choices', { isNullable: true }),
      int('position', { default: 0 }), createdAt(), updatedAt(),
    ], [index('uq_contact_attributes_key', ['key'], true)]);
    await contactIdNullable(qr, true);
    await qr.addColumn('consent_events', new TableColumn(varchar('phone_hash', 64, { isNullable: true })));
    await qr.createIndex('consent_events', new TableIndex({ name: 'idx_consent_phone_hash', columnNames: ['phone_hash'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('consent_events', 'idx_consent_phone_hash');
    await qr.dropColumn('consent_events', 'phone_hash');
    await qr.query('DELETE FROM consent_events WHERE contact_id IS NULL');
    await contactIdNullable(qr, false);
    await qr.dropTable('contact_attributes', true);
    await qr.dropColumn('contacts', 'marketing_consent_at');
    await qr.dropColumn('contacts', 'attributes');
  }
}

/**
 * On MySQL/MariaDB a plain MODIFY: TypeORM's changeColumn there drops and adds a column whose declared type is
 * spelled differently ('integer' against the stored 'int'), which emptied every consent event's contact_id and cut
 * the column out of idx_consent_contact (put back by migration 1764900011000).
 */
async function contactIdNullable(qr: QueryRunner, nullable: boolean): Promise<void> {
  if (qr.connection.driver.options.type === 'mysql' || qr.connection.driver.options.type === 'mariadb') {
    await qr.query(`ALTER TABLE consent_events MODIFY contact_id int ${nullable ? 'NULL' : 'NOT NULL'}`);
    return;
  }
  await qr.changeColumn('consent_events', 'contact_id', new TableColumn(int('contact_id', nullable ? { isNullable: true } : {})));
}
