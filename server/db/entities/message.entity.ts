import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Decision } from '../../../rules/types';
import { BoolColumn, CreatedAt, IntColumn, JsonColumn, TextColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

export type Direction = 'in' | 'out';
export type StoredMedia = string | { url: string; contentType: string | null };
export type Origin = 'contact' | 'bot' | 'agent' | 'system';
/** The outbox lane: conversational texts go before campaign sends (`bulk`). */
export type OutboxLane = 'reply' | 'bulk';
/**
 * received (inbound) · queued → sending → sent → delivered | undelivered | failed; refused = never sent by policy;
 * held = a paused campaign's queued row, which no sender claims until the campaign resumes.
 */
export type MessageStatus = 'received' | 'queued' | 'held' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'refused';

@Entity('messages')
@Index('uq_messages_provider_id', ['provider', 'providerMessageId'], { unique: true })
@Index('idx_messages_outbox_due', ['status', 'lane', 'nextAttemptAt'])
@Index('idx_messages_conversation', ['conversationId', 'id'])
@Index('uq_messages_campaign_contact', ['campaignId', 'contactId'], { unique: true })
@Index('idx_messages_answers_campaign', ['answersCampaignId', 'contactId'])
@Index('idx_messages_direction_created', ['direction', 'createdAt'])
@Index('idx_messages_created', ['createdAt'])
@Index('idx_messages_code', ['errorCode', 'createdAt'])
@Index('idx_messages_template_created', ['templateKey', 'createdAt'])
@Index('idx_messages_campaign_sent', ['campaignId', 'sentAt'])
@Index('idx_messages_thread_direction_created', ['conversationId', 'direction', 'createdAt'])
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
  /**
   * The rules decision that followed this text (inbound), or that sent this reply when no text of the customer's
   * holds it (an offer an agent sent by a click; bot replies stored before `decidedById`).
   */
  @JsonColumn({ nullable: true }) decision!: Decision | null;
  /** A bot reply: the customer's text whose decision sent it (the inbox explains the reply with that decision). */
  @IntColumn({ name: 'decided_by_id', nullable: true }) decidedById?: number | null;
  /** What the provider's webhook named; rows from before content types were kept hold plain URL strings. */
  @JsonColumn({ nullable: true }) media!: StoredMedia[] | null;
  /** The variables an outbound template was rendered with: template-only providers (Aliyun, Tencent) send these. */
  @JsonColumn({ name: 'template_vars', nullable: true }) templateVars!: Record<string, unknown> | null;
  /** The extension code an inbound text arrived on (Aliyun `dest_code`, Tencent `extend`). */
  @VarcharColumn(32, { name: 'extend_code', nullable: true }) extendCode!: string | null;
  @IntColumn({ default: 0 }) attempts!: number;
  /** When a sender is next to take it: a queued text's turn; a text being sent, its lease's end (outbox-claim.ts). */
  @TimestampColumn({ name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  /** A sender's lease on a row it is delivering; an expired lease means that sender died mid-send. */
  @TimestampColumn({ name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @TimestampColumn({ name: 'sent_at', nullable: true }) sentAt!: Date | null;
  /** The channel it came in on or goes out on; null: the environment's default channel. */
  @IntColumn({ name: 'channel_id', nullable: true }) channelId!: number | null;
  /**
   * SMS parts billed, for cost reporting: from the moment the provider accepts the text, its answer's count or ours
   * (the stored body with the signature the provider adds, server/reports/billed-segments.ts); a receipt that names
   * the provider's count (Twilio NumSegments, Aliyun `sms_size`, Tencent's fee) replaces it. Null before it is sent.
   */
  @IntColumn({ name: 'billed_segments', nullable: true }) billedSegments!: number | null;
  /** Outbound only: `reply` rows are sent before `bulk` (campaign) rows. */
  @VarcharColumn(8, { default: 'reply' }) lane!: OutboxLane;
  /** The campaign this text is (null: not a campaign's; a test send has none either). Unique with the contact. */
  @IntColumn({ name: 'campaign_id', nullable: true }) campaignId?: number | null;
  /** Inbound: the campaign whose menu (or the booking offer it led to) this text answered, as `decision.campaignId` says. */
  @IntColumn({ name: 'answers_campaign_id', nullable: true }) answersCampaignId?: number | null;
  /** When the first final receipt (delivered, undelivered, failed) came for a sent text: the receipt latency. */
  @TimestampColumn({ name: 'receipt_at', nullable: true }) receiptAt?: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
