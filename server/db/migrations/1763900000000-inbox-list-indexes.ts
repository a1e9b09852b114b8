import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './table-builder';

/**
 * Indexes for the inbox list at 10,000+ conversations (scripts/bench/inbox-list.ts): "mine" filters by assignee,
 * the waiting queue sorts by waiting time.
 */
export class InboxListIndexes1763900000000 implements MigrationInterface {
  name = 'InboxListIndexes1763900000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('conversations', index('idx_conversations_assignee', ['assignee_id', 'status']));
    await qr.createIndex('conversations', index('idx_conversations_waiting', ['waiting_since', 'last_message_at']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('conversations', 'idx_conversations_waiting');
    await qr.dropIndex('conversations', 'idx_conversations_assignee');
  }
}
