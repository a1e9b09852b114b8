import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text, varchar } from './table-builder';

/**
 * Issue 15, Aliyun and Tencent SMS. Both send only approved templates with parameters, so an outbound row keeps the
 * variables it was rendered with (the sender fills the provider's template from them, not from the rendered text).
 * A receipt's billed count (Aliyun `sms_size`) goes in `billed_segments`, added by the channels migration; an inbound text's extension code
 * (Aliyun `dest_code`, Tencent `extend`) for tying it to what it answers.
 */
export class CnProviders1764700000000 implements MigrationInterface {
  name = 'CnProviders1764700000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('messages', new TableColumn(text('template_vars', { isNullable: true })));
    await qr.addColumn('messages', new TableColumn(varchar('extend_code', 32, { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('messages', 'extend_code');
    await qr.dropColumn('messages', 'template_vars');
  }
}
