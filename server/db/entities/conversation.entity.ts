import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Awaiting, AwaitingAbout } from '../../../rules/types';
import type { ConversationPriority } from '../../inbox/socket-contract';
import { CreatedAt, IntColumn, JsonColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

export type ConversationStatus = 'open' | 'snoozed' | 'resolved';
export type HandledBy = 'bot' | 'human';

/** What the server remembers beside the menu itself, e.g. which slot each letter of a reschedule offer means. */
export type AwaitingContext = AwaitingAbout;

/** One SMS thread per contact: the whole history, reopened when the customer writes again. */
@Entity('conversations')
@Index('idx_conversations_status', ['status', 'handledBy', 'lastMessageAt'])
@Index('idx_conversations_assignee', ['assigneeId', 'status'])
@Index('idx_conversations_waiting', ['waitingSince', 'lastMessageAt'])
@Index('idx_conversations_backlog', ['status', 'handledBy', 'assigneeId', 'waitingSince'])
export class Conversation {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'contact_id', unique: true }) contactId!: number;
  @VarcharColumn(16, { default: 'open' }) status!: ConversationStatus;
  @VarcharColumn(8, { name: 'handled_by', default: 'bot' }) handledBy!: HandledBy;
  @IntColumn({ name: 'assignee_id', nullable: true }) assigneeId!: number | null;
  /** Why the bot handed over, so the queue can show it ("requested", "low_confidence" …). */
  @VarcharColumn(32, { name: 'handoff_reason', nullable: true }) handoffReason!: string | null;
  @JsonColumn({ nullable: true }) awaiting!: Awaiting | null;
  @JsonColumn({ name: 'awaiting_context', nullable: true }) awaitingContext!: AwaitingContext | null;
  @TimestampColumn({ name: 'snoozed_until', nullable: true }) snoozedUntil!: Date | null;
  @TimestampColumn({ name: 'last_message_at', nullable: true }) lastMessageAt!: Date | null;
  @TimestampColumn({ name: 'waiting_since', nullable: true }) waitingSince!: Date | null;
  @IntColumn({ default: 0 }) unread!: number;
  /** Chatwoot's set; an urgent hand-off arrives 'urgent'. Null: nobody has said. */
  @VarcharColumn(8, { nullable: true }) priority!: ConversationPriority | null;
  /** A copy of the conversation's conversation_labels rows, in the order they were added (null: none). */
  @JsonColumn({ nullable: true }) labels!: string[] | null;
  /** The channel the customer last texted, which replies go out on; null: the environment's default channel. */
  @IntColumn({ name: 'channel_id', nullable: true }) channelId!: number | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
