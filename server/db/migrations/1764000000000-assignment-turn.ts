import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int } from './table-builder';

/**
 * Round-robin's turn lives on the agent: a counter that grows with every automatic assignment, so the lowest goes next.
 * Shared by every node and kept over restarts. (A counter, not a time: a burst of hand-offs shares one millisecond.)
 */
export class AssignmentTurn1764000000000 implements MigrationInterface {
  name = 'AssignmentTurn1764000000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('agents', new TableColumn(int('assigned_turn', { default: 0 })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('agents', 'assigned_turn');
  }
}
