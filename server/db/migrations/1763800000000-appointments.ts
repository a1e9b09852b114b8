import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTable, id, index, int, text, timestamp, varchar, bool, createdAt } from './table-builder';

/**
 * Schema for appointments (issue 5): services, locations with opening hours and capacity, staff, the appointment's
 * links to them, its satisfaction score and a history of every change. Existing appointments keep their service and
 * location names; their new ids stay null (null location = the default location).
 */
export class Appointments1763800000000 implements MigrationInterface {
  name = 'Appointments1763800000000';

  async up(qr: QueryRunner): Promise<void> {
    await createTable(qr, 'locations', [
      id(), varchar('name', 100), varchar('timezone', 64, { default: "'Asia/Shanghai'" }), text('opening_hours'), text('breaks'),
      text('closed_dates'), int('slot_minutes', { default: 30 }), int('capacity', { default: 1 }), int('booking_seq', { default: 0 }),
      varchar('feed_token', 64),
    ]);
    await createTable(qr, 'services', [id(), varchar('name', 100), int('duration_min'), int('location_id', { isNullable: true }), bool('active', true)]);
    await createTable(qr, 'staff', [id(), varchar('name', 100), int('location_id', { isNullable: true }), bool('active', true), varchar('feed_token', 64)]);
    await createTable(qr, 'appointment_events', [
      id(), int('appointment_id'), varchar('kind', 16), varchar('actor', 8), int('agent_id', { isNullable: true }),
      varchar('from_status', 12, { isNullable: true }), varchar('to_status', 12), timestamp('from_starts_at', { isNullable: true }),
      timestamp('to_starts_at'), text('detail', { isNullable: true }), timestamp('at'), createdAt(),
    ], [index('idx_appointment_events_appt', ['appointment_id', 'id'])]);
    await qr.addColumns('appointments', ['service_id', 'staff_id', 'location_id', 'csat_score']
      .map((name) => new TableColumn({ name, type: 'integer', isNullable: true })));
    await qr.createIndex('appointments', new TableIndex({ name: 'idx_appointments_location', columnNames: ['location_id', 'starts_at'] }));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropIndex('appointments', 'idx_appointments_location');
    for (const name of ['csat_score', 'location_id', 'staff_id', 'service_id']) await qr.dropColumn('appointments', name);
    for (const table of ['appointment_events', 'staff', 'services', 'locations']) await qr.dropTable(table, true);
  }
}
