import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './table-builder';

/**
 * Issue 16: a campaign on a template-only channel (Aliyun, Tencent) names the approved provider template its texts go
 * out as (`provider_template`, JSON `{ code, text, params }`), since those channels send nothing else.
 */
export class CampaignProviderTemplate1764880000000 implements MigrationInterface {
  name = 'CampaignProviderTemplate1764880000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('campaigns', new TableColumn(text('provider_template', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('campaigns', 'provider_template');
  }
}
