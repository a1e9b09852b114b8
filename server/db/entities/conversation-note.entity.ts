import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, JsonColumn, TextColumn } from './columns';

/** An agent's internal note in a thread: shown to agents only, never sent to the customer. */
@Entity('conversation_notes')
@Index('idx_notes_conversation', ['conversationId', 'id'])
export class ConversationNote {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @IntColumn({ name: 'agent_id' }) agentId!: number;
  @TextColumn() body!: string;
  /** Ids of the agents @mentioned; each was notified when the note was written. */
  @JsonColumn() mentions!: number[];
  @CreatedAt() createdAt!: Date;
}
