import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema for admin editing (issue 6). */
export class Admin1763800002000 implements MigrationInterface {
  name = 'Admin1763800002000';

  async up(_qr: QueryRunner): Promise<void> {}

  async down(_qr: QueryRunner): Promise<void> {}
}
