import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '../../notifications/notification-contract';
import { IntColumn, TimestampColumn, VarcharColumn } from './columns';

/** One thing an agent should look at (the bell's list); read once they open it, or say so. */
@Entity('agent_notifications')
@Index('idx_agent_notifications_unread', ['agentId', 'readAt', 'id'])
export class AgentNotification {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'agent_id' }) agentId!: number;
  @VarcharColumn(8) kind!: NotificationKind;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  /** The note of a mention. */
  @IntColumn({ name: 'note_id', nullable: true }) noteId!: number | null;
  /** The colleague who caused it (null: the system or the bot). */
  @IntColumn({ name: 'actor_agent_id', nullable: true }) actorAgentId!: number | null;
  @TimestampColumn({ name: 'created_at' }) createdAt!: Date;
  @TimestampColumn({ name: 'read_at', nullable: true }) readAt!: Date | null;
}
