import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

export type AppointmentStatus = 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';
export type AppointmentSource = 'sms' | 'agent' | 'api';

/** Statuses that hold a place in the diary (count against capacity and get reminders). */
export const ACTIVE_STATUSES: AppointmentStatus[] = ['booked', 'confirmed'];

/**
 * A customer's booking; times are UTC and shown in the location's/contact's time zone. `service` and `location`
 * keep the names the customer was told, so a renamed service never rewrites what an old SMS said.
 */
@Entity('appointments')
@Index('idx_appointments_contact', ['contactId', 'startsAt'])
@Index('idx_appointments_location', ['locationId', 'startsAt'])
@Index('idx_appointments_starts', ['startsAt'])
export class Appointment {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  @IntColumn({ name: 'service_id', nullable: true }) serviceId?: number | null;
  @IntColumn({ name: 'staff_id', nullable: true }) staffId?: number | null;
  @IntColumn({ name: 'location_id', nullable: true }) locationId?: number | null;
  @VarcharColumn(100) service!: string;
  @VarcharColumn(100, { nullable: true }) location!: string | null;
  @TimestampColumn({ name: 'starts_at' }) startsAt!: Date;
  @TimestampColumn({ name: 'ends_at' }) endsAt!: Date;
  @VarcharColumn(12, { default: 'booked' }) status!: AppointmentStatus;
  @VarcharColumn(8, { default: 'api' }) source!: AppointmentSource;
  @IntColumn({ name: 'csat_score', nullable: true }) csatScore?: number | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
