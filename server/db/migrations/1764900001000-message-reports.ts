import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, createTable, createdAt, id, index, int, timestamp, varchar } from './table-builder';

/**
 * Issue 17, the message reports. `report_rollups`: counts per UTC hour (`grain` h) and per UTC day (`grain` d) of
 * messages by outcome, consent changes, complaints and receipt latencies, sliced by one dimension per row
 * (server/reports/rollup-keys.ts), kept current in the writers' transactions; keyed by all of that, so an upsert finds
 * its row and a report reads one dimension's range in key order. `alarm_events`: each alarm that paused a campaign.
 * `messages.receipt_at`: when the first final receipt came (delivery latency); `messages.created_at` indexed for the
 * drill-down lists, `(error_code, created_at)` for the list of one failure reason; `channels.price_micros`: what one
 * billed SMS part costs on that channel, in millionths. `consent_events.cause_message_id`: the send an opt-out is
 * charged to, and `(kind, created_at)` for the opt-out list by date; `complaint_events`: each counted complaint with
 * the send it is charged to.
 */
export class MessageReports1764900001000 implements MigrationInterface {
  name = 'MessageReports1764900001000';

  async up(qr: QueryRunner): Promise<void> {
    const key = { isPrimary: true };
    await createTable(qr, 'report_rollups', [
      varchar('grain', 1, key), varchar('dim', 10, key), int('bucket', key), varchar('value', 80, key), int('channel_id', key),
      varchar('kind', 12, key), varchar('state', 20, key), int('n', { default: 0 }), int('segments', { default: 0 }),
    ], [], { withoutRowid: true });
    await createTable(qr, 'alarm_events', [
      id(), int('campaign_id'), varchar('kind', 20), bool('paused', false), int('held', { default: 0 }), createdAt(),
    ], [index('idx_alarm_events_time', ['created_at'])]);
    await qr.addColumn('messages', new TableColumn(timestamp('receipt_at', { isNullable: true })));
    await qr.createIndex('messages', new TableIndex({ name: 'idx_messages_created', columnNames: ['created_at'] }));
    await qr.createIndex('messages', new TableIndex({ name: 'idx_messages_code', columnNames: ['error_code', 'created_at'] }));
    await qr.addColumn('consent_events', new TableColumn(int('cause_message_id', { isNullable: true })));
    await qr.createIndex('consent_events', new TableIndex({ name: 'idx_consent_kind_time', columnNames: ['kind', 'created_at'] }));
    await createTable(qr, 'complaint_events', [
      id(), int('message_id'), int('contact_id'), int('conversation_id'), int('cause_message_id', { isNullable: true }), createdAt(),
    ], [index('uq_complaint_events_message', ['message_id'], true), index('idx_complaint_events_time', ['created_at'])]);
    await qr.addColumn('channels', new TableColumn(int('price_micros', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('channels', 'price_micros');
    await qr.dropTable('complaint_events', true);
    await qr.dropIndex('consent_events', 'idx_consent_kind_time');
    await qr.dropColumn('consent_events', 'cause_message_id');
    await qr.dropIndex('messages', 'idx_messages_code');
    await qr.dropIndex('messages', 'idx_messages_created');
    await qr.dropColumn('messages', 'receipt_at');
    await qr.dropTable('alarm_events', true);
    await qr.dropTable('report_rollups', true);
  }
}
