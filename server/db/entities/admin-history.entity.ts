import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RulesetSource } from '../../../rules/types';
import { CreatedAt, IntColumn, JsonColumn, TextColumn, VarcharColumn } from './columns';

/** The whole bot configuration as it was after one admin save; rollback restores one of these. */
@Entity('ruleset_versions')
export class RulesetVersionRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(32) version!: string;
  @JsonColumn() snapshot!: Omit<RulesetSource, 'version'>;
  @IntColumn({ name: 'author_id', nullable: true }) authorId!: number | null;
  @VarcharColumn(255, { name: 'author_email', nullable: true }) authorEmail!: string | null;
  @VarcharColumn(500) summary!: string;
  @CreatedAt() createdAt!: Date;
}

/** Who changed what: one row per admin write, naming the version it produced. */
@Entity('audit_log')
export class AuditLogRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'author_id', nullable: true }) authorId!: number | null;
  @VarcharColumn(255, { name: 'author_email', nullable: true }) authorEmail!: string | null;
  @VarcharColumn(32) entity!: string;
  @VarcharColumn(100, { name: 'entity_key' }) entityKey!: string;
  @VarcharColumn(32) operation!: string;
  @VarcharColumn(32) version!: string;
  @TextColumn() summary!: string;
  @CreatedAt() createdAt!: Date;
}

/** An inbound message taken off the intent review queue: taught as `intent`, or dismissed (null). */
@Entity('intent_reviews')
export class IntentReviewRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'message_id' }) messageId!: number;
  @VarcharColumn(32, { nullable: true }) intent!: string | null;
  @IntColumn({ name: 'reviewer_id', nullable: true }) reviewerId!: number | null;
  @CreatedAt() createdAt!: Date;
}
