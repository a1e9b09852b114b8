import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema for the agent inbox (issue 4). */
export class Inbox1763800001000 implements MigrationInterface {
  name = 'Inbox1763800001000';

  async up(_qr: QueryRunner): Promise<void> {}

  async down(_qr: QueryRunner): Promise<void> {}
}
