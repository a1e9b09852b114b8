import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { index, varchar } from './table-builder';

/**
 * Issues 15 and 16: a priority lane for the outbox. Conversational texts (bot and agent replies, reminders) are
 * `reply`; campaign sends are `bulk`. The sender takes every due `reply` row before any `bulk` row on the same
 * channel, so a customer's answer never waits behind a 100,000-message campaign (RapidPro's courier does the same).
 */
export class OutboxLane1764750000000 implements MigrationInterface {
  name = 'OutboxLane1764750000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('messages', new TableColumn(varchar('lane', 8, { default: "'reply'" })));
    await qr.createIndex('messages', index('idx_messages_outbox_lane', ['status', 'lane', 'id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('messages', 'idx_messages_outbox_lane');
    await qr.dropColumn('messages', 'lane');
  }
}
