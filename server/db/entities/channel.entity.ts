import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChannelCarries } from '../../channels/channel-contract';
import type { TemplateMapping } from '../../channels/provider-templates';
import { BoolColumn, CreatedAt, IntColumn, JsonColumn, TextColumn, UpdatedAt, VarcharColumn } from './columns';

export type { ChannelCarries };

/**
 * A number (or short code, Twilio Messaging Service `MG…`, Chinese signature) the business texts from, through one
 * provider. `secrets` is AES-256-GCM ciphertext (channel-secrets.ts), never plain text and never sent to a browser.
 */
@Entity('channels')
export class Channel {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(60) name!: string;
  @VarcharColumn(20) provider!: string;
  @VarcharColumn(64) sender!: string;
  /** Messages per second this channel may send, on all nodes together; null: no limit of ours. */
  @IntColumn({ name: 'rate_per_second', nullable: true }) ratePerSecond!: number | null;
  @JsonColumn() carries!: ChannelCarries;
  /** The provider's non-secret options (an account SID, an endpoint). */
  @JsonColumn() config!: Record<string, string>;
  @TextColumn({ nullable: true }) secrets!: string | null;
  /** Aliyun/Tencent: this channel's Huixin template → approved provider template; null: the environment's mapping. */
  @JsonColumn({ nullable: true }) templates!: TemplateMapping | null;
  /** What one billed SMS part costs on this channel, in millionths of the business's currency; null: the campaign policy's price. */
  @IntColumn({ name: 'price_micros', nullable: true }) priceMicros?: number | null;
  @BoolColumn({ name: 'is_default' }) isDefault!: boolean;
  @BoolColumn({ default: true }) active!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
