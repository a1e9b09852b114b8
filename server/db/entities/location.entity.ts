import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WeeklyPeriods } from '../../../rules/dates/periods';
import { IntColumn, JsonColumn, VarcharColumn } from './columns';

/**
 * Where appointments happen and when it is open. `weeklyHours` gives each weekday's periods (`mon: [["09:00","12:00"],
 * ["13:30","18:00"]]`; a gap is a break, `[]` is closed). `capacity` is how many appointments may overlap (chairs,
 * rooms); `bookingSeq` is bumped by every booking so that bookings at one location run one at a time (see booking-lock.ts).
 */
@Entity('locations')
export class Location {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @VarcharColumn(200, { default: '' }) address!: string;
  @VarcharColumn(40, { default: '' }) phone!: string;
  @VarcharColumn(64, { default: 'Asia/Shanghai' }) timezone!: string;
  @JsonColumn({ name: 'weekly_hours' }) weeklyHours!: WeeklyPeriods;
  /** Local dates 'YYYY-MM-DD' the location is shut (holidays). */
  @JsonColumn({ name: 'closed_dates' }) closedDates!: string[];
  @IntColumn({ name: 'slot_minutes', default: 30 }) slotMinutes!: number;
  @IntColumn({ default: 1 }) capacity!: number;
  @IntColumn({ name: 'booking_seq', default: 0 }) bookingSeq!: number;
  /** Secret in the iCalendar feed URL, so calendar apps can subscribe without a login. */
  @VarcharColumn(64, { name: 'feed_token' }) feedToken!: string;
}
