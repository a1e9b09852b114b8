import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './table-builder';

/**
 * Issue 15, template-only channels: each Aliyun/Tencent channel row keeps its own mapping of Huixin templates to the
 * provider's approved templates (code, parameters, the approved text for the preview), as JSON. Null means the
 * channel was never mapped and uses the environment's ALIYUN_TEMPLATES / TENCENT_TEMPLATES, as before.
 */
export class ChannelTemplates1764760000000 implements MigrationInterface {
  name = 'ChannelTemplates1764760000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('channels', new TableColumn(text('templates', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('channels', 'templates');
  }
}
