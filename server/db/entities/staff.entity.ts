import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, IntColumn, VarcharColumn } from './columns';

/** A person (or room) appointments may be booked with; each sees one appointment at a time. */
@Entity('staff')
export class StaffMember {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @IntColumn({ name: 'location_id', nullable: true }) locationId!: number | null;
  @BoolColumn({ default: true }) active!: boolean;
  /** Secret in the iCalendar feed URL. */
  @VarcharColumn(64, { name: 'feed_token' }) feedToken!: string;
}
