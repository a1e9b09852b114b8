import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createdAt, createTable, id, index, int, text, varchar } from './table-builder';

/** A whole-configuration snapshot can outgrow MySQL's 64 KB TEXT; SQLite's TEXT has no such limit. */
const bigText = (qr: QueryRunner, name: string) =>
  ({ ...text(name), type: ['mysql', 'mariadb'].includes(qr.connection.options.type) ? 'longtext' : 'text' });

/** Schema for admin editing (issue 6): ruleset versions, the audit log, and the intent review queue's verdicts. */
export class Admin1763800002000 implements MigrationInterface {
  name = 'Admin1763800002000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'ruleset_versions', [
      id(), varchar('version', 32), bigText(qr, 'snapshot'), int('author_id', { isNullable: true }),
      varchar('author_email', 255, { isNullable: true }), varchar('summary', 500), createdAt(),
    ], [index('uq_ruleset_versions_version', ['version'], true)]);
    await createTable(qr, 'audit_log', [
      id(), int('author_id', { isNullable: true }), varchar('author_email', 255, { isNullable: true }),
      varchar('entity', 32), varchar('entity_key', 100), varchar('operation', 32), varchar('version', 32),
      text('summary'), createdAt(),
    ], [index('idx_audit_log_entity', ['entity', 'entity_key'])]);
    await createTable(qr, 'intent_reviews', [
      id(), int('message_id'), varchar('intent', 32, { isNullable: true }), int('reviewer_id', { isNullable: true }), createdAt(),
    ], [index('uq_intent_reviews_message', ['message_id'], true)]);
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('intent_reviews', true);
    await qr.dropTable('audit_log', true);
    await qr.dropTable('ruleset_versions', true);
  }
}
