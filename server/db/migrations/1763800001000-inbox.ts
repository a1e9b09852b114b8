import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createdAt, createTable, id, index, int, text } from './table-builder';

/** Schema for the agent inbox (issue 4): internal notes with @mentions. */
export class Inbox1763800001000 implements MigrationInterface {
  name = 'Inbox1763800001000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'conversation_notes', [
      id(), int('conversation_id'), int('agent_id'), text('body'), text('mentions'), createdAt(),
    ], [index('idx_notes_conversation', ['conversation_id', 'id'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('conversation_notes', true);
  }
}
