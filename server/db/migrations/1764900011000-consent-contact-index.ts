import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './table-builder';

/**
 * On MariaDB, migration 1764400000000 made `consent_events.contact_id` nullable by dropping and adding the column
 * (TypeORM's changeColumn does that when the declared type is spelled differently, 'integer' against 'int'), and a
 * dropped column leaves its indexes: `idx_consent_contact` became (created_at) alone. Every "did this person opt
 * out after that text" then read all consent events: the campaign report's opt-outs took 7 s for a month at a million
 * messages (scripts/bench/visit-reports.ts). The index is made again as declared, (contact_id, created_at), where it
 * is not; SQLite's never lost it.
 */
export class ConsentContactIndex1764900011000 implements MigrationInterface {
  name = 'ConsentContactIndex1764900011000';

  async up(qr: QueryRunner): Promise<void> {
    const table = await qr.getTable('consent_events');
    const current = table?.indices.find((i) => i.name === 'idx_consent_contact');
    if (current && current.columnNames.join(',') === 'contact_id,created_at') return;
    if (current) await qr.dropIndex('consent_events', 'idx_consent_contact');
    await qr.createIndex('consent_events', index('idx_consent_contact', ['contact_id', 'created_at']));
  }

  /** Nothing to undo: the index is as the initial schema declared it, which every migration before this one expects. */
  async down(): Promise<void> {}
}
