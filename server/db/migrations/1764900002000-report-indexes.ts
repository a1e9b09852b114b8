import type { MigrationInterface, QueryRunner } from 'typeorm';
import { index } from './table-builder';

/**
 * Issue 17: the appointment, satisfaction and campaign reports read one range of time at a time, never the whole
 * table (scripts/bench/visit-reports.ts): appointment events by time (then kind), the reminder and survey texts by
 * template and time, visits by start, a campaign's texts by when they left, and a recipient's own short link.
 * Events are indexed time first on purpose: an index that begins with `kind` also answers "kind = 'rated'" alone, and
 * SQLite, keeping no statistics here, then took it over the appointment's own history for one appointment's events.
 */
export class ReportIndexes1764900002000 implements MigrationInterface {
  name = 'ReportIndexes1764900002000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createIndex('appointment_events', index('idx_appointment_events_at_kind', ['at', 'kind']));
    await qr.createIndex('appointments', index('idx_appointments_starts', ['starts_at']));
    await qr.createIndex('messages', index('idx_messages_template_created', ['template_key', 'created_at']));
    await qr.createIndex('messages', index('idx_messages_campaign_sent', ['campaign_id', 'sent_at']));
    await qr.createIndex('short_links', index('idx_short_links_campaign_contact', ['campaign_id', 'contact_id']));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('short_links', 'idx_short_links_campaign_contact');
    await qr.dropIndex('messages', 'idx_messages_campaign_sent');
    await qr.dropIndex('messages', 'idx_messages_template_created');
    await qr.dropIndex('appointments', 'idx_appointments_starts');
    await qr.dropIndex('appointment_events', 'idx_appointment_events_at_kind');
  }
}
