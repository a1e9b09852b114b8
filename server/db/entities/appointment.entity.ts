import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

export type AppointmentStatus = 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';

/** A customer's booking; times are UTC and shown in the contact's time zone. */
@Entity('appointments')
@Index('idx_appointments_contact', ['contactId', 'startsAt'])
export class Appointment {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  @VarcharColumn(100) service!: string;
  @VarcharColumn(100, { nullable: true }) location!: string | null;
  @TimestampColumn({ name: 'starts_at' }) startsAt!: Date;
  @TimestampColumn({ name: 'ends_at' }) endsAt!: Date;
  @VarcharColumn(12, { default: 'booked' }) status!: AppointmentStatus;
  @VarcharColumn(8, { default: 'api' }) source!: 'sms' | 'agent' | 'api';
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
