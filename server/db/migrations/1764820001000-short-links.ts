import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, createdAt, id, index, int, text, timestamp, varchar } from './table-builder';

/**
 * Issue 16, short links with click tracking: `/s/:code`, one code per recipient. Campaign stats and the "clicked"
 * segment read (campaign_id, first_clicked_at); a contact's links by contact_id.
 */
export class ShortLinks1764820001000 implements MigrationInterface {
  name = 'ShortLinks1764820001000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'short_links', [
      id(), varchar('code', 16), text('target_url'), int('campaign_id', { isNullable: true }), int('contact_id', { isNullable: true }),
      createdAt(), timestamp('first_clicked_at', { isNullable: true }), int('click_count', { default: 0 }),
    ], [
      index('uq_short_links_code', ['code'], true),
      index('idx_short_links_campaign_clicked', ['campaign_id', 'first_clicked_at']),
      index('idx_short_links_contact', ['contact_id']),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('short_links', true);
  }
}
