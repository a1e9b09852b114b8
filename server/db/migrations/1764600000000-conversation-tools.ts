import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTable, id, index, int, text, varchar } from './table-builder';

/**
 * Issue 14, conversation tools: a priority (Chatwoot's urgent/high/medium/low, or none) and labels. Labels live in a
 * table of their own, indexed by label, so "conversations labelled x" is an index lookup on SQLite and MariaDB alike
 * (a JSON column cannot be indexed the same way on both); the conversation row keeps a copy for its views.
 */
export class ConversationTools1764600000000 implements MigrationInterface {
  name = 'ConversationTools1764600000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('conversations', new TableColumn(varchar('priority', 8, { isNullable: true })));
    await qr.addColumn('conversations', new TableColumn(text('labels', { isNullable: true })));
    await createTable(qr, 'conversation_labels', [id(), int('conversation_id'), varchar('label', 40)], [
      index('uq_conversation_labels', ['conversation_id', 'label'], true), index('idx_conversation_labels_label', ['label', 'conversation_id']),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('conversation_labels', true);
    await qr.dropColumn('conversations', 'labels');
    await qr.dropColumn('conversations', 'priority');
  }
}
