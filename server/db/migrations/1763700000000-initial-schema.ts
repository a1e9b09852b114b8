import type { MigrationInterface, QueryRunner } from 'typeorm';
import { bool, createdAt, createTable, id, index, int, text, timestamp, updatedAt, varchar } from './table-builder';

/** Contacts, conversations, messages (the outbox too), consent, agents and sessions, bot configuration, scheduled work. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'contacts', [
      id(), varchar('phone', 20), varchar('name', 100, { isNullable: true }), varchar('locale', 10, { default: "'zh-CN'" }),
      varchar('timezone', 64, { default: "'Asia/Shanghai'" }), text('tags'), bool('opted_out', false),
      timestamp('opted_out_at', { isNullable: true }), createdAt(), updatedAt(),
    ], [index('uq_contacts_phone', ['phone'], true)]);

    await createTable(qr, 'conversations', [
      id(), int('contact_id'), varchar('status', 16, { default: "'open'" }), varchar('handled_by', 8, { default: "'bot'" }),
      int('assignee_id', { isNullable: true }), varchar('handoff_reason', 32, { isNullable: true }),
      text('awaiting', { isNullable: true }), text('awaiting_context', { isNullable: true }),
      timestamp('snoozed_until', { isNullable: true }), timestamp('last_message_at', { isNullable: true }),
      timestamp('waiting_since', { isNullable: true }), int('unread', { default: 0 }), createdAt(), updatedAt(),
    ], [index('uq_conversations_contact', ['contact_id'], true), index('idx_conversations_status', ['status', 'handled_by', 'last_message_at'])]);

    await createTable(qr, 'messages', [
      id(), int('conversation_id'), int('contact_id'), varchar('direction', 3), varchar('origin', 8), text('body'),
      varchar('provider', 20), varchar('provider_message_id', 64, { isNullable: true }), varchar('status', 12),
      varchar('error_code', 32, { isNullable: true }), varchar('error_message', 255, { isNullable: true }),
      int('agent_id', { isNullable: true }), varchar('template_key', 64, { isNullable: true }), bool('compliance', false),
      text('decision', { isNullable: true }), text('media', { isNullable: true }), int('attempts', { default: 0 }),
      timestamp('next_attempt_at', { isNullable: true }), timestamp('lease_until', { isNullable: true }),
      timestamp('sent_at', { isNullable: true }), createdAt(), updatedAt(),
    ], [
      index('uq_messages_provider_id', ['provider', 'provider_message_id'], true),
      index('idx_messages_outbox', ['status', 'next_attempt_at']),
      index('idx_messages_conversation', ['conversation_id', 'id']),
    ]);

    await createTable(qr, 'consent_events', [
      id(), int('contact_id'), varchar('kind', 8), varchar('source', 10), int('message_id', { isNullable: true }),
      varchar('detail', 100, { isNullable: true }), createdAt(),
    ], [index('idx_consent_contact', ['contact_id', 'created_at'])]);

    await createTable(qr, 'agents', [
      id(), varchar('email', 190), varchar('name', 100), varchar('password_hash', 200), varchar('role', 8),
      varchar('locale', 10, { default: "'zh-CN'" }), bool('active', true), createdAt(),
    ], [index('uq_agents_email', ['email'], true)]);

    await createTable(qr, 'sessions', [
      varchar('token_hash', 64, { isPrimary: true }), int('agent_id'), timestamp('expires_at'), createdAt(),
    ]);

    await createTable(qr, 'templates', [
      id(), varchar('key', 64), text('bodies'), text('menu', { isNullable: true }), int('menu_ttl_minutes', { isNullable: true }), updatedAt(),
    ], [index('uq_templates_key', ['key'], true)]);

    await createTable(qr, 'rules', [
      id(), varchar('name', 100), bool('enabled', true), int('priority', { default: 0 }), varchar('match_kind', 10), text('patterns'),
      text('conditions', { isNullable: true }), varchar('action', 32), text('reply', { isNullable: true }),
      varchar('reply_template', 64, { isNullable: true }), createdAt(), updatedAt(),
    ]);

    await createTable(qr, 'intent_phrases', [id(), varchar('intent', 32), varchar('text', 500), bool('held_out', false), createdAt()]);

    await createTable(qr, 'settings', [varchar('key', 64, { isPrimary: true }), text('value'), updatedAt()]);

    await createTable(qr, 'scheduled_jobs', [
      id(), varchar('kind', 32), varchar('unique_key', 128), timestamp('due_at'), text('payload'),
      varchar('status', 10, { default: "'pending'" }), int('attempts', { default: 0 }), timestamp('lease_until', { isNullable: true }),
      varchar('last_error', 255, { isNullable: true }), createdAt(),
    ], [index('uq_jobs_unique_key', ['unique_key'], true), index('idx_jobs_due', ['status', 'due_at'])]);

    await createTable(qr, 'appointments', [
      id(), int('contact_id'), varchar('service', 100), varchar('location', 100, { isNullable: true }),
      timestamp('starts_at'), timestamp('ends_at'), varchar('status', 12, { default: "'booked'" }),
      varchar('source', 8, { default: "'api'" }), createdAt(), updatedAt(),
    ], [index('idx_appointments_contact', ['contact_id', 'starts_at'])]);
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['appointments', 'scheduled_jobs', 'settings', 'intent_phrases', 'rules', 'templates', 'sessions',
      'agents', 'consent_events', 'messages', 'conversations', 'contacts']) {
      await qr.dropTable(table, true);
    }
  }
}
