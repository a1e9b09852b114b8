import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, createTable, createdAt, id, index, int, text, timestamp, updatedAt, varchar } from './table-builder';

/**
 * Issue 16, campaigns: saved segments (a definition compiled to SQL when used), campaigns, and one recipient row per
 * (campaign, contact) recording whether it was queued, deferred to its send window, or excluded and why. Every campaign
 * text is an outbox row carrying `campaign_id`; the unique (campaign_id, contact_id) makes "exactly once per person"
 * a property of the schema (test sends carry no campaign, and NULLs never collide).
 */
export class Campaigns1764800000000 implements MigrationInterface {
  name = 'Campaigns1764800000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'segments', [id(), varchar('name', 100), text('definition'), createdAt(), updatedAt()]);
    await createTable(qr, 'campaigns', [
      id(), varchar('name', 100), varchar('category', 16), int('segment_id'), text('body'), text('menu', { isNullable: true }),
      int('rate_per_second', { isNullable: true }), timestamp('send_at', { isNullable: true }), int('channel_id', { isNullable: true }),
      varchar('status', 12), varchar('paused_reason', 24, { isNullable: true }), int('duplicates', { default: 0 }),
      int('created_by', { isNullable: true }), timestamp('started_at', { isNullable: true }),
      bool('audience_done', false), timestamp('lease_until', { isNullable: true }), varchar('lease_owner', 36, { isNullable: true }), createdAt(), updatedAt(),
    ], [index('idx_campaigns_status', ['status', 'send_at'])]);
    await createTable(qr, 'campaign_recipients', [
      id(), int('campaign_id'), int('contact_id'), varchar('status', 12), varchar('reason', 20, { isNullable: true }),
      varchar('tier', 12, { isNullable: true }), timestamp('deferred_until', { isNullable: true }), createdAt(),
    ], [index('uq_campaign_recipients', ['campaign_id', 'contact_id'], true), index('idx_campaign_recipients_status', ['campaign_id', 'status', 'reason'])]);
    await qr.addColumn('messages', new TableColumn(int('campaign_id', { isNullable: true })));
    // Admins' own number, for a campaign's test send.
    await qr.addColumn('agents', new TableColumn(varchar('phone', 20, { isNullable: true })));
    await qr.createIndex('messages', index('uq_messages_campaign_contact', ['campaign_id', 'contact_id'], true));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('messages', 'uq_messages_campaign_contact');
    await qr.dropColumn('agents', 'phone');
    await qr.dropColumn('messages', 'campaign_id');
    await qr.dropTable('campaign_recipients', true);
    await qr.dropTable('campaigns', true);
    await qr.dropTable('segments', true);
  }
}
