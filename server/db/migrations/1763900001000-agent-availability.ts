import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool } from './table-builder';

/** An agent can be signed in yet away (lunch, a meeting): automatic assignment passes them by. */
export class AgentAvailability1763900001000 implements MigrationInterface {
  name = 'AgentAvailability1763900001000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('agents', new TableColumn(bool('away', false)));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('agents', 'away');
  }
}
