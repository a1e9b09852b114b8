import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTable, createdAt, id, index, int, text, updatedAt, varchar } from './table-builder';

/**
 * Issue 14, canned replies: agents' and the team's saved replies (`/hours`), apart from the bot's system templates.
 * `owner_id` null is the team's; the shortcut is unique across all of them so `/hours` means one thing to everyone.
 */
export class CannedReplies1764520000000 implements MigrationInterface {
  name = 'CannedReplies1764520000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'canned_replies', [
      id(), varchar('shortcut', 30), text('bodies'), int('owner_id', { isNullable: true }), createdAt(), updatedAt(),
    ], [index('uq_canned_replies_shortcut', ['shortcut'], true), index('idx_canned_replies_owner', ['owner_id'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('canned_replies', true);
  }
}
