import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WeeklyPeriods } from '../../../rules/dates/periods';
import { BoolColumn, IntColumn, JsonColumn, VarcharColumn } from './columns';

/**
 * A person (or room) appointments may be booked with; each sees one appointment at a time. `weeklyHours` are their
 * working periods (null: whenever the location is open). Which services they give is on the service (`staffIds`).
 */
@Entity('staff')
export class StaffMember {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @IntColumn({ name: 'location_id', nullable: true }) locationId!: number | null;
  @JsonColumn({ name: 'weekly_hours', nullable: true }) weeklyHours!: WeeklyPeriods | null;
  @BoolColumn({ default: true }) active!: boolean;
  /** Secret in the iCalendar feed URL. */
  @VarcharColumn(64, { name: 'feed_token' }) feedToken!: string;
}
