import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, JsonColumn, UpdatedAt, VarcharColumn } from './columns';

/**
 * A saved reply agents insert with `/shortcut` (Chatwoot's canned responses), kept apart from the bot's system
 * templates: those need the bot's context (slots, a score, a cancelled visit) and are sent only by the bot or by
 * the action buttons. `ownerId` null is the team's (admins manage it); otherwise one agent's own.
 */
@Entity('canned_replies')
export class CannedReply {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  /** What follows the `/`: lower-case letters, digits, `_` and `-`; unique across the team and everyone's own. */
  @VarcharColumn(30, { unique: true }) shortcut!: string;
  /** Handlebars text per language ({ 'zh-CN': '…', en: '…' }); a contact gets theirs, else Chinese, else any. */
  @JsonColumn() bodies!: Record<string, string>;
  @IntColumn({ name: 'owner_id', nullable: true }) ownerId!: number | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
