import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, CreatedAt, JsonColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  /** E.164, unique: the one identity of a customer across providers and spellings. */
  @VarcharColumn(20, { unique: true }) phone!: string;
  @VarcharColumn(100, { nullable: true }) name!: string | null;
  @VarcharColumn(10, { default: 'zh-CN' }) locale!: string;
  @VarcharColumn(64, { default: 'Asia/Shanghai' }) timezone!: string;
  @JsonColumn() tags!: string[];
  @BoolColumn({ name: 'opted_out' }) optedOut!: boolean;
  @TimestampColumn({ name: 'opted_out_at', nullable: true }) optedOutAt!: Date | null;
  /**
   * Refused marketing only ("别给我发广告"): appointment texts still go. Nothing sends marketing yet (campaigns come
   * later), so today the refusal is stored with its consent event for whatever sends marketing to honour.
   */
  @BoolColumn({ name: 'marketing_opted_out' }) marketingOptedOut!: boolean;
  /**
   * When the customer said yes to marketing (an import's consent column, an agent, a reply to an opt-in offer); null:
   * no marketing consent, so no marketing, whatever else is true. The proof is the matching consent event.
   */
  @TimestampColumn({ name: 'marketing_consent_at', nullable: true }) marketingConsentAt!: Date | null;
  /** Values of the admin-defined fields (contact_attributes), by key: text, number, date ("YYYY-MM-DD") or a choice. */
  @JsonColumn({ nullable: true }) attributes!: Record<string, string | number> | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
