import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, IntColumn, JsonColumn, VarcharColumn } from './columns';

/**
 * Something a customer books: a name (`names` per language, e.g. `{ 'zh-CN': '洗牙', en: 'Cleaning' }`; `name` is the
 * one shown when a language is missing), how long it takes, and a buffer after it (cleaning the chair) that no other
 * booking may use. `locationId` null means the default location; `locationIds`/`staffIds` empty means all of them.
 */
@Entity('services')
export class Service {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @JsonColumn({ nullable: true }) names!: Record<string, string> | null;
  @IntColumn({ name: 'duration_min' }) durationMin!: number;
  @IntColumn({ name: 'buffer_min', default: 0 }) bufferMin!: number;
  @IntColumn({ name: 'location_id', nullable: true }) locationId!: number | null;
  @JsonColumn({ name: 'location_ids', nullable: true }) locationIds!: number[] | null;
  @JsonColumn({ name: 'staff_ids', nullable: true }) staffIds!: number[] | null;
  @BoolColumn({ default: true }) active!: boolean;
}
