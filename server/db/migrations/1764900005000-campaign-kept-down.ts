import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index, timestamp } from './table-builder';

/**
 * Issue 16: `kept_down_at`, when an admin reviewed content taken down for complaints and kept it down. Without it a
 * kept-down campaign looked like one still waiting for its review: the page went on offering Review and the admin home
 * went on raising the alarm.
 * Issue 17: `idx_messages_thread_direction_created`, so the response rate per send finds the customer's first text
 * after each of ours in one seek (reports/send-responses.ts).
 */
export class CampaignKeptDown1764900005000 implements MigrationInterface {
  name = 'CampaignKeptDown1764900005000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('campaigns', new TableColumn(timestamp('kept_down_at', { isNullable: true })));
    await qr.createIndex('messages', index('idx_messages_thread_direction_created', ['conversation_id', 'direction', 'created_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('messages', 'idx_messages_thread_direction_created');
    await qr.dropColumn('campaigns', 'kept_down_at');
  }
}
