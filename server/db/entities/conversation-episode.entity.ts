import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, IntColumn, TimestampColumn, VarcharColumn } from './columns';

/** Who ended an episode: a person resolving the thread, or the quiet rule (server/reports/episode-state.ts). */
export type EpisodeResolvedBy = 'agent' | 'bot' | 'auto';

/**
 * One episode of a conversation: from the customer's text that opens (or reopens) it to its resolution, with the
 * moments the time metrics are made of. Each column is written in the transaction of the event it records, with both
 * the calendar and the business-hours value computed from the business calendar in force then
 * (server/reports/episode-writes.ts), so a report reads facts, never a reconstruction.
 */
@Entity('conversation_episodes')
@Index('idx_conversation_episodes_conv', ['conversationId', 'id'])
@Index('idx_conversation_episodes_started', ['startedAt'])
@Index('uq_conversation_episodes_open', ['openFor'], { unique: true })
export class ConversationEpisode {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  /** The channel the opening text came in on (null: the environment's default channel). */
  @IntColumn({ name: 'channel_id', nullable: true }) channelId!: number | null;
  /** The contact's language when the episode opened (zh-CN, zh-HK, en …). */
  @VarcharColumn(10) language!: string;
  @TimestampColumn({ name: 'started_at' }) startedAt!: Date;
  /** The customer's latest text in this episode: the quiet rule counts from it. */
  @TimestampColumn({ name: 'last_inbound_at' }) lastInboundAt!: Date;
  @IntColumn({ name: 'inbound_count', default: 1 }) inboundCount!: number;
  /**
   * The conversation's id while the episode is open, null once it ends. Unique: a conversation has at most one open
   * episode, so two texts racing to open one meet the index and the loser finds the winner's (inbound-thread.ts).
   */
  @IntColumn({ name: 'open_for', nullable: true }) openFor!: number | null;
  /** The first time the bot (or a failure) handed the customer to a person, or a person took the thread from the bot. */
  @TimestampColumn({ name: 'handoff_at', nullable: true }) handoffAt!: Date | null;
  @VarcharColumn(32, { name: 'handoff_reason', nullable: true }) handoffReason!: string | null;
  /** The first public reply by a person in the episode, who sent it, and how long after the later of start and hand-off. */
  @TimestampColumn({ name: 'first_response_at', nullable: true }) firstResponseAt!: Date | null;
  @IntColumn({ name: 'first_response_agent_id', nullable: true }) firstResponseAgentId!: number | null;
  @IntColumn({ name: 'first_response_seconds', nullable: true }) firstResponseSeconds!: number | null;
  @IntColumn({ name: 'first_response_business_seconds', nullable: true }) firstResponseBusinessSeconds!: number | null;
  @TimestampColumn({ name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @VarcharColumn(8, { name: 'resolved_by', nullable: true }) resolvedBy!: EpisodeResolvedBy | null;
  @IntColumn({ name: 'resolved_agent_id', nullable: true }) resolvedAgentId!: number | null;
  /** Start to a person's resolution; null when the quiet rule ended it (nobody resolved it). */
  @IntColumn({ name: 'resolution_seconds', nullable: true }) resolutionSeconds!: number | null;
  @IntColumn({ name: 'resolution_business_seconds', nullable: true }) resolutionBusinessSeconds!: number | null;
  /** Ended with no hand-off and no person's reply: the bot alone answered the customer. */
  @BoolColumn({ name: 'bot_resolved' }) botResolved!: boolean;
}
