import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, text, timestamp, varchar } from './table-builder';

/**
 * Issue 16 A/B variants: up to 8 bodies with weights; a test share of the audience is split between them first, and
 * after `winner_after_hours` the winner (chosen once, by compare-and-set on `winner IS NULL`) goes to the rest.
 * `test_queued_at` marks the test share written; each recipient row says which variant it got.
 */
export class CampaignVariants1764850001000 implements MigrationInterface {
  name = 'CampaignVariants1764850001000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('campaigns', [
      new TableColumn(text('variants', { isNullable: true })),
      new TableColumn(int('test_share', { isNullable: true })),
      new TableColumn(varchar('winner_by', 12, { isNullable: true })),
      new TableColumn(int('winner_after_hours', { isNullable: true })),
      new TableColumn(timestamp('test_queued_at', { isNullable: true })),
      new TableColumn(text('winner', { isNullable: true })),
    ]);
    await qr.addColumn('campaign_recipients', new TableColumn(varchar('variant', 1, { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('campaign_recipients', 'variant');
    for (const c of ['winner', 'test_queued_at', 'winner_after_hours', 'winner_by', 'test_share', 'variants']) await qr.dropColumn('campaigns', c);
  }
}
