import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Action, MatchKind, MenuOption, RuleDef } from '../../../rules/types';
import { BoolColumn, CreatedAt, IntColumn, JsonColumn, TextColumn, UpdatedAt, VarcharColumn } from './columns';

// The bot's configuration: admins edit these rows; the server compiles them into one rules.Ruleset.

@Entity('templates')
export class TemplateRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(64, { unique: true }) key!: string;
  /** Handlebars source per locale: { 'zh-CN': '…', en: '…' }. */
  @JsonColumn() bodies!: Record<string, string>;
  @JsonColumn({ nullable: true }) menu!: MenuOption[] | null;
  @IntColumn({ name: 'menu_ttl_minutes', nullable: true }) menuTtlMinutes!: number | null;
  @UpdatedAt() updatedAt!: Date;
}

@Entity('rules')
export class RuleRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @BoolColumn({ default: true }) enabled!: boolean;
  @IntColumn({ default: 0 }) priority!: number;
  @VarcharColumn(10, { name: 'match_kind' }) matchKind!: MatchKind;
  @JsonColumn() patterns!: string[];
  @JsonColumn({ nullable: true }) conditions!: RuleDef['conditions'] | null;
  @VarcharColumn(32) action!: Action;
  @TextColumn({ nullable: true }) reply!: string | null;
  @VarcharColumn(64, { name: 'reply_template', nullable: true }) replyTemplate!: string | null;
  /** Tags the contact gets when the rule matches. */
  @JsonColumn({ name: 'add_tags', nullable: true }) addTags!: string[] | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

@Entity('intent_phrases')
export class IntentPhraseRow {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(32) intent!: string;
  @VarcharColumn(500) text!: string;
  @BoolColumn({ name: 'held_out' }) heldOut!: boolean;
  @CreatedAt() createdAt!: Date;
}

/** Key/value settings (business hours, time zone, thresholds …) and the ruleset version counter. */
@Entity('settings')
export class SettingRow {
  @VarcharColumn(64, { primary: true }) key!: string;
  @JsonColumn() value!: unknown;
  @UpdatedAt() updatedAt!: Date;
}
