import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { IntColumn, VarcharColumn } from './columns';

/**
 * One label on one conversation: the index the list's label filter and the labels-in-use counts read. The row's own
 * `conversations.labels` copy is what views show (every view is built from the conversation row alone); both are
 * written together by `conversation-labels.ts setLabels`, nowhere else.
 */
@Entity('conversation_labels')
@Index('uq_conversation_labels', ['conversationId', 'label'], { unique: true })
@Index('idx_conversation_labels_label', ['label', 'conversationId'])
export class ConversationLabel {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @VarcharColumn(40) label!: string;
}
