import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, IntColumn, VarcharColumn } from './columns';

/** Something a customer books: a name and how long it takes. `locationId` null means the default location. */
@Entity('services')
export class Service {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @IntColumn({ name: 'duration_min' }) durationMin!: number;
  @IntColumn({ name: 'location_id', nullable: true }) locationId!: number | null;
  @BoolColumn({ default: true }) active!: boolean;
}
