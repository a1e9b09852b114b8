import type { MigrationInterface, QueryRunner } from 'typeorm';
import { bool, createTable, id, index, int, timestamp, varchar } from './table-builder';

/**
 * Issue 17, conversation reports: one row per episode (a customer's text that opens or reopens a conversation, to its
 * resolution) with its hand-off, first response and resolution written as they happen. The reports read a range of
 * episodes by start; inbound volume counts messages by direction and time, hence the index on messages; the backlog
 * (open threads a person handles, by assignee, with the longest wait) reads one index of conversations, not the rows.
 * No backfill: conversations before this migration have no episodes, and their next text opens the first.
 */
export class ConversationEpisodes1764900000000 implements MigrationInterface {
  name = 'ConversationEpisodes1764900000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'conversation_episodes', [
      id(), int('conversation_id'), int('contact_id'), int('channel_id', { isNullable: true }), varchar('language', 10),
      timestamp('started_at'), timestamp('last_inbound_at'), int('inbound_count', { default: 1 }), int('open_for', { isNullable: true }),
      timestamp('handoff_at', { isNullable: true }), varchar('handoff_reason', 32, { isNullable: true }),
      timestamp('first_response_at', { isNullable: true }), int('first_response_agent_id', { isNullable: true }),
      int('first_response_seconds', { isNullable: true }), int('first_response_business_seconds', { isNullable: true }),
      timestamp('resolved_at', { isNullable: true }), varchar('resolved_by', 8, { isNullable: true }), int('resolved_agent_id', { isNullable: true }),
      int('resolution_seconds', { isNullable: true }), int('resolution_business_seconds', { isNullable: true }), bool('bot_resolved', false),
    ], [
      index('idx_conversation_episodes_conv', ['conversation_id', 'id']),
      index('idx_conversation_episodes_started', ['started_at']),
      index('uq_conversation_episodes_open', ['open_for'], true),
    ]);
    await qr.createIndex('messages', index('idx_messages_direction_created', ['direction', 'created_at']));
    await qr.createIndex('conversations', index('idx_conversations_backlog', ['status', 'handled_by', 'assignee_id', 'waiting_since']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('conversations', 'idx_conversations_backlog');
    await qr.dropIndex('messages', 'idx_messages_direction_created');
    await qr.dropTable('conversation_episodes', true);
  }
}
