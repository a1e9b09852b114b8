import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, id, index, int, text, timestamp, varchar } from './table-builder';

/** Issue 14: who assigned, took over, handed back, resolved or snoozed a conversation, for the thread's quiet lines. */
export class ConversationActivity1764500000000 implements MigrationInterface {
  name = 'ConversationActivity1764500000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'conversation_activity', [
      id(), int('conversation_id'), varchar('kind', 16), varchar('actor', 8), int('agent_id', { isNullable: true }),
      text('detail', { isNullable: true }), timestamp('at'),
    ], [index('idx_conversation_activity_conv', ['conversation_id', 'id'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('conversation_activity', true);
  }
}
