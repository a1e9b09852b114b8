import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timestamp, varchar } from './table-builder';

/**
 * Team management: an invited agent (or one whose password an admin reset) has a one-time link, of which only the
 * SHA-256 is kept, with its expiry; and the last login, for the admin's team list.
 */
export class AgentInvites1764200000000 implements MigrationInterface {
  name = 'AgentInvites1764200000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('agents', [
      new TableColumn(varchar('invite_token_hash', 64, { isNullable: true, isUnique: true })),
      new TableColumn(timestamp('invite_expires_at', { isNullable: true })),
      new TableColumn(timestamp('last_login_at', { isNullable: true })),
    ]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumns('agents', ['last_login_at', 'invite_expires_at', 'invite_token_hash']);
  }
}
