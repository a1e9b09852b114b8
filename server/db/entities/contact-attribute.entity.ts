import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, JsonColumn, UpdatedAt, VarcharColumn } from './columns';

export type AttributeType = 'text' | 'number' | 'date' | 'choice';

/** An admin-defined contact field (会员等级, 生日 …): contacts keep their values in `Contact.attributes[key]`. */
@Entity('contact_attributes')
export class ContactAttribute {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  /** The column name in imports and exports and the key in `Contact.attributes`: letters, digits, `_`; never changes. */
  @VarcharColumn(40, { unique: true }) key!: string;
  /** What people see, per language: { 'zh-CN': '会员等级', en: 'Membership' }. */
  @JsonColumn() labels!: Record<string, string>;
  @VarcharColumn(10) type!: AttributeType;
  /** The allowed values of a 'choice' field, in order. */
  @JsonColumn({ nullable: true }) choices!: string[] | null;
  @IntColumn({ default: 0 }) position!: number;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
