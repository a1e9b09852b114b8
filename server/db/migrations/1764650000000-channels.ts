import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, createTable, createdAt, id, index, int, text, updatedAt, varchar } from './table-builder';

/**
 * Issue 15, channels: the numbers (or Messaging Services, or signatures) a business texts from, beyond the one the
 * environment configures. A conversation and each message remember their channel; null means the environment's
 * default channel, so every existing row keeps meaning what it meant. `billed_segments` is what the provider billed.
 */
export class Channels1764650000000 implements MigrationInterface {
  name = 'Channels1764650000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'channels', [
      id(), varchar('name', 60), varchar('provider', 20), varchar('sender', 64), int('rate_per_second', { isNullable: true }),
      text('carries'), text('config'), text('secrets', { isNullable: true }), bool('is_default', false), bool('active', true),
      createdAt(), updatedAt(),
    ], [index('idx_channels_sender', ['provider', 'sender'])]);
    // The channels' shared pace when there is no Redis (channel-pacer.ts): when each may next send, in epoch ms.
    await createTable(qr, 'channel_pace', [varchar('channel_key', 40, { isPrimary: true }), { name: 'next_at_ms', type: 'bigint' }]);
    await qr.addColumn('conversations', new TableColumn(int('channel_id', { isNullable: true })));
    await qr.addColumn('messages', new TableColumn(int('channel_id', { isNullable: true })));
    await qr.addColumn('messages', new TableColumn(int('billed_segments', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('messages', 'billed_segments');
    await qr.dropColumn('messages', 'channel_id');
    await qr.dropColumn('conversations', 'channel_id');
    await qr.dropTable('channel_pace', true);
    await qr.dropTable('channels', true);
  }
}
