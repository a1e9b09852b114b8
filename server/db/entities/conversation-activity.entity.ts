import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ActivityActor, ActivityDetail, ConversationActivityKind } from '../../activity/activity-contract';
import { IntColumn, JsonColumn, TimestampColumn, VarcharColumn } from './columns';

/** One change of a conversation's owner or status, kept so the thread can say who did what and when. */
@Entity('conversation_activity')
@Index('idx_conversation_activity_conv', ['conversationId', 'id'])
export class ConversationActivity {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @VarcharColumn(16) kind!: ConversationActivityKind;
  @VarcharColumn(8) actor!: ActivityActor;
  /** The agent who did it (actor 'agent'). */
  @IntColumn({ name: 'agent_id', nullable: true }) agentId!: number | null;
  @JsonColumn({ nullable: true }) detail!: ActivityDetail | null;
  @TimestampColumn() at!: Date;
}
