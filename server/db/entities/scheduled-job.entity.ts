import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, JsonColumn, TimestampColumn, VarcharColumn } from './columns';

/**
 * Durable scheduled work (reminders, follow-up surveys, menu expiry, snooze wake-ups). `uniqueKey` makes
 * scheduling idempotent ("reminder:42:24h" is scheduled once however often it is asked for).
 */
@Entity('scheduled_jobs')
@Index('idx_jobs_due', ['status', 'dueAt'])
export class ScheduledJob {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(32) kind!: string;
  @VarcharColumn(128, { name: 'unique_key', unique: true }) uniqueKey!: string;
  @TimestampColumn({ name: 'due_at' }) dueAt!: Date;
  @JsonColumn() payload!: Record<string, unknown>;
  @VarcharColumn(10, { default: 'pending' }) status!: 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
  @IntColumn({ default: 0 }) attempts!: number;
  @TimestampColumn({ name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @VarcharColumn(255, { name: 'last_error', nullable: true }) lastError!: string | null;
  @CreatedAt() createdAt!: Date;
}
