import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timestamp } from './table-builder';

/**
 * Issue 16: `kept_down_at`, when an admin reviewed content taken down for complaints and kept it down. Without it a
 * kept-down campaign looked like one still waiting for its review: the page went on offering Review and the admin home
 * went on raising the alarm.
 */
export class CampaignKeptDown1764900005000 implements MigrationInterface {
  name = 'CampaignKeptDown1764900005000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('campaigns', new TableColumn(timestamp('kept_down_at', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('campaigns', 'kept_down_at');
  }
}
