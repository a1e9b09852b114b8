import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, varchar } from './table-builder';

/**
 * A customer may refuse marketing only ("以后别给我发营销短信了") and keep appointment texts: the contact carries that
 * refusal beside the full opt-out, and each consent event says what it refused or restored ('all' or 'marketing').
 * Existing events were all full opt-outs or opt-ins, hence the default.
 */
export class ConsentScope1764100000000 implements MigrationInterface {
  name = 'ConsentScope1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('contacts', new TableColumn(bool('marketing_opted_out', false)));
    await qr.addColumn('consent_events', new TableColumn(varchar('scope', 10, { default: "'all'" })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('consent_events', 'scope');
    await qr.dropColumn('contacts', 'marketing_opted_out');
  }
}
