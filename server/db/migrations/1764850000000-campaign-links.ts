import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index, int, varchar } from './table-builder';

/**
 * Issue 16 items 7 and 9: a campaign's web address (`{{link}}` in its body becomes each recipient's own tracked short
 * link, so "clicked" is a campaign metric and a segment), and on an inbound text the campaign whose menu it answered
 * (the engine's `decision.campaignId`, copied out of the JSON), so a campaign's bookings and the segment "booked in
 * campaign N" are one indexed read rather than a scan of every text. Not `campaign_id`: that column is a campaign's
 * own outbound text, unique per (campaign, contact), and a person may answer many times.
 */
export class CampaignLinks1764850000000 implements MigrationInterface {
  name = 'CampaignLinks1764850000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('campaigns', new TableColumn(varchar('link', 2000, { isNullable: true })));
    await qr.addColumn('messages', new TableColumn(int('answers_campaign_id', { isNullable: true })));
    await qr.createIndex('messages', index('idx_messages_answers_campaign', ['answers_campaign_id', 'contact_id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('messages', 'idx_messages_answers_campaign');
    await qr.dropColumn('messages', 'answers_campaign_id');
    await qr.dropColumn('campaigns', 'link');
  }
}
