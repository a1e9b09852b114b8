import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Decision } from '../../../rules/types';
import { BoolColumn, CreatedAt, IntColumn, JsonColumn, TextColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

export type Direction = 'in' | 'out';
export type Origin = 'contact' | 'bot' | 'agent' | 'system';
/** received (inbound) · queued → sending → sent → delivered | undelivered | failed; refused = never sent by policy. */
export type MessageStatus = 'received' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'refused';

@Entity('messages')
@Index('uq_messages_provider_id', ['provider', 'providerMessageId'], { unique: true })
@Index('idx_messages_outbox', ['status', 'nextAttemptAt'])
@Index('idx_messages_conversation', ['conversationId', 'id'])
export class Message {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  @VarcharColumn(3) direction!: Direction;
  @VarcharColumn(8) origin!: Origin;
  @TextColumn() body!: string;
  @VarcharColumn(20) provider!: string;
  /** Unique per provider; null until an outbound message has been accepted by the provider. */
  @VarcharColumn(64, { name: 'provider_message_id', nullable: true }) providerMessageId!: string | null;
  @VarcharColumn(12) status!: MessageStatus;
  @VarcharColumn(32, { name: 'error_code', nullable: true }) errorCode!: string | null;
  @VarcharColumn(255, { name: 'error_message', nullable: true }) errorMessage!: string | null;
  @IntColumn({ name: 'agent_id', nullable: true }) agentId!: number | null;
  @VarcharColumn(64, { name: 'template_key', nullable: true }) templateKey!: string | null;
  /** Compliance confirmations (opt-out/opt-in/help answers) may go to an opted-out number. */
  @BoolColumn() compliance!: boolean;
  /** The rules decision that produced this reply (outbound) or that followed this text (inbound). */
  @JsonColumn({ nullable: true }) decision!: Decision | null;
  @JsonColumn({ nullable: true }) media!: string[] | null;
  @IntColumn({ default: 0 }) attempts!: number;
  @TimestampColumn({ name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  /** A sender's lease on a row it is delivering; an expired lease means that sender died mid-send. */
  @TimestampColumn({ name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @TimestampColumn({ name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
