import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, JsonColumn, TimestampColumn, VarcharColumn } from './columns';
import type { AppointmentStatus } from './appointment.entity';

export type AppointmentEventKind = 'booked' | 'confirmed' | 'cancelled' | 'rescheduled' | 'reminded' | 'completed' | 'no_show' | 'rated';
/** Who made a change: the customer by SMS, an agent in the inbox, an integration, or Huixin itself (reminders). */
export type AppointmentActor = 'contact' | 'agent' | 'api' | 'system';

/** One change to an appointment, kept forever: the history the inbox shows next to the thread. */
@Entity('appointment_events')
@Index('idx_appointment_events_appt', ['appointmentId', 'id'])
@Index('idx_appointment_events_at_kind', ['at', 'kind'])
export class AppointmentEvent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'appointment_id' }) appointmentId!: number;
  @VarcharColumn(16) kind!: AppointmentEventKind;
  @VarcharColumn(8) actor!: AppointmentActor;
  @IntColumn({ name: 'agent_id', nullable: true }) agentId!: number | null;
  @VarcharColumn(12, { name: 'from_status', nullable: true }) fromStatus!: AppointmentStatus | null;
  @VarcharColumn(12, { name: 'to_status' }) toStatus!: AppointmentStatus;
  @TimestampColumn({ name: 'from_starts_at', nullable: true }) fromStartsAt!: Date | null;
  @TimestampColumn({ name: 'to_starts_at' }) toStartsAt!: Date;
  @JsonColumn({ nullable: true }) detail!: Record<string, unknown> | null;
  @TimestampColumn() at!: Date;
  @CreatedAt() createdAt!: Date;
}
