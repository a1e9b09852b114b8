import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './table-builder';

/**
 * On MariaDB, migration 1764400000000 made `consent_events.contact_id` nullable by dropping and adding the column
 * (TypeORM's changeColumn does that when the declared type is spelled differently, 'integer' against 'int'), and a
 * dropped column leaves its indexes: `idx_consent_contact` became (created_at) alone. Every "did this person opt
 * out after that text" then read all consent events: the campaign report's opt-outs took 7 s for a month at a million
 * messages (scripts/bench/visit-reports.ts). The index is made again as declared, (contact_id, created_at), where it
 * is not; SQLite's never lost it.
 *
 * The dropped column also emptied every earlier consent event's contact (the proof of an opt-out no longer named its
 * person). Where the event names the text it came by or the text it answered, that text's contact is put back; an
 * erased contact's events name no text (erase-contact.ts clears it), so none of those is linked again. Events made by
 * an agent, the API or an import name no text and stay without their contact.
 */
export class ConsentContactIndex1764900011000 implements MigrationInterface {
  name = 'ConsentContactIndex1764900011000';

  async up(qr: QueryRunner): Promise<void> {
    // Both databases (SQLite never lost a contact: there it finds nothing to do).
    await qr.query(`UPDATE consent_events SET contact_id =
        (SELECT m.contact_id FROM messages m WHERE m.id = COALESCE(consent_events.message_id, consent_events.cause_message_id))
      WHERE contact_id IS NULL AND COALESCE(message_id, cause_message_id) IS NOT NULL`);
    const table = await qr.getTable('consent_events');
    const current = table?.indices.find((i) => i.name === 'idx_consent_contact');
    if (current && current.columnNames.join(',') === 'contact_id,created_at') return;
    if (current) await qr.dropIndex('consent_events', 'idx_consent_contact');
    await qr.createIndex('consent_events', index('idx_consent_contact', ['contact_id', 'created_at']));
  }

  /** Nothing to undo: the index is as the initial schema declared it, which every migration before this one expects. */
  async down(): Promise<void> {}
}
