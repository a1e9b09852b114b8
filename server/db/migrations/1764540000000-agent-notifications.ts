import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, id, index, int, timestamp, varchar } from './table-builder';

/**
 * Issue 14 item 3, the inbox's bell: mentions, assignments by someone else and urgent hand-offs, per agent. The index
 * serves both of its reads: the unread count (agent, read_at IS NULL) and the newest-first page (agent, id).
 */
export class AgentNotifications1764540000000 implements MigrationInterface {
  name = 'AgentNotifications1764540000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'agent_notifications', [
      id(), int('agent_id'), varchar('kind', 8), int('conversation_id'), int('note_id', { isNullable: true }),
      int('actor_agent_id', { isNullable: true }), timestamp('created_at'), timestamp('read_at', { isNullable: true }),
    ], [index('idx_agent_notifications_unread', ['agent_id', 'read_at', 'id'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('agent_notifications', true);
  }
}
