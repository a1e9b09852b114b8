import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, createTable, createdAt, id, index, int, text, varchar } from './table-builder';

/**
 * Issue 16: a campaign's extension code (1–4 digits, Aliyun `SmsUpExtendCode` / Tencent `ExtendCode`), so a reply on a
 * Chinese channel names the campaign it answers; and `taken_down`, set when its content drew too many complaints and
 * cleared only by an admin's review, which records the complaints it saw (`complaints_reviewed`): only more count again;
 * and `trigger` (JSON): a triggered campaign runs on and texts each contact of its segment once it becomes due;
 * `contact_tag_events`: when a contact got a tag, so a `tag_added` trigger finds those tagged after it started.
 */
export class CampaignSafety1764860000000 implements MigrationInterface {
  name = 'CampaignSafety1764860000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('campaigns', new TableColumn(varchar('extend_code', 4, { isNullable: true })));
    await qr.addColumn('campaigns', new TableColumn(bool('taken_down', false)));
    await qr.addColumn('campaigns', new TableColumn(int('complaints_reviewed', { default: 0 })));
    await qr.addColumn('campaigns', new TableColumn(text('trigger', { isNullable: true })));
    await createTable(qr, 'contact_tag_events', [id(), int('contact_id'), varchar('tag', 50), createdAt()], [index('idx_contact_tag_events', ['tag', 'created_at'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('contact_tag_events');
    await qr.dropColumn('campaigns', 'trigger');
    await qr.dropColumn('campaigns', 'complaints_reviewed');
    await qr.dropColumn('campaigns', 'taken_down');
    await qr.dropColumn('campaigns', 'extend_code');
  }
}
