import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './table-builder';

/**
 * The sender's claim reads each kind of due text along one index, in the order it serves them. It read
 * (status, lane, id) and tested `next_attempt_at` row by row: a paced campaign queues all its texts at once, each due at
 * its turn (100,000 at 50 a second: half an hour), so with fewer due than a batch — every claim of a paced campaign —
 * it read, and on MariaDB locked, the whole future backlog to find them (outbox-claim-reads.test.ts).
 * idx_messages_outbox_due (status, lane, next_attempt_at) ends the read at the first text not yet due, in due order.
 *
 * It replaces (status, lane, id) and (status, next_attempt_at), which nothing else reads: one index fewer for every
 * text stored. A queued or held text now always has its due time (queueing has always given one; a row that lacks it
 * gets its creation time), so "due" is one range on both databases: SQLite reads `IS NULL OR <=` as two and sorts them.
 */
export class OutboxDueIndex1764900050000 implements MigrationInterface {
  name = 'OutboxDueIndex1764900050000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.query(`UPDATE messages SET next_attempt_at = created_at WHERE status IN ('queued', 'held') AND next_attempt_at IS NULL`);
    await qr.createIndex('messages', index('idx_messages_outbox_due', ['status', 'lane', 'next_attempt_at']));
    await qr.dropIndex('messages', 'idx_messages_outbox_lane');
    await qr.dropIndex('messages', 'idx_messages_outbox');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.createIndex('messages', index('idx_messages_outbox', ['status', 'next_attempt_at']));
    await qr.createIndex('messages', index('idx_messages_outbox_lane', ['status', 'lane', 'id']));
    await qr.dropIndex('messages', 'idx_messages_outbox_due');
  }
}
