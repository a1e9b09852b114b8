import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './table-builder';

/**
 * Issue 16: a keyword rule may tag the contact ("WANT100" → tag want100, seed 004), so a reply to an offer becomes a
 * segment. JSON list of tags (simple-json, as the other rule columns); null means none.
 */
export class RuleTags1764820000000 implements MigrationInterface {
  name = 'RuleTags1764820000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('rules', new TableColumn(text('add_tags', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('rules', 'add_tags');
  }
}
