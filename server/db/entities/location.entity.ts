import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IntColumn, JsonColumn, VarcharColumn } from './columns';

/** ISO weekday '1' (Monday) … '7' → open 'HH:MM' to close 'HH:MM'; a missing day is closed. */
export type OpeningHours = Record<string, [string, string]>;
export interface BreakTime { start: string; end: string; days?: number[] }

/**
 * Where appointments happen and when it is open. `capacity` is how many appointments may overlap (chairs, rooms);
 * `bookingSeq` is bumped by every booking so that bookings at one location run one at a time (see booking-lock.ts).
 */
@Entity('locations')
export class Location {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @VarcharColumn(64, { default: 'Asia/Shanghai' }) timezone!: string;
  @JsonColumn({ name: 'opening_hours' }) openingHours!: OpeningHours;
  @JsonColumn() breaks!: BreakTime[];
  /** Local dates 'YYYY-MM-DD' the location is shut (holidays). */
  @JsonColumn({ name: 'closed_dates' }) closedDates!: string[];
  @IntColumn({ name: 'slot_minutes', default: 30 }) slotMinutes!: number;
  @IntColumn({ default: 1 }) capacity!: number;
  @IntColumn({ name: 'booking_seq', default: 0 }) bookingSeq!: number;
  /** Secret in the iCalendar feed URL, so calendar apps can subscribe without a login. */
  @VarcharColumn(64, { name: 'feed_token' }) feedToken!: string;
}
