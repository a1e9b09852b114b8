import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ConsentScope } from '../../../rules/types';
import { CreatedAt, IntColumn, VarcharColumn } from './columns';

/** Proof of consent changes (kept for audits: who, when, how, and the message that caused it). */
@Entity('consent_events')
@Index('idx_consent_contact', ['contactId', 'createdAt'])
@Index('idx_consent_kind_time', ['kind', 'createdAt'])
export class ConsentEvent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  /** Null once the contact was erased: the event stays as proof, tied to the number only by `phoneHash`. */
  @IntColumn({ name: 'contact_id', nullable: true }) contactId!: number | null;
  @VarcharColumn(8) kind!: 'opt_in' | 'opt_out';
  /** What was refused or restored: every text, or marketing only. */
  @VarcharColumn(10, { default: 'all' }) scope!: ConsentScope;
  /** sms = the customer's keyword; provider = a carrier/provider report such as Twilio 21610; agent; api; import (a list's consent column). */
  @VarcharColumn(10) source!: 'sms' | 'provider' | 'agent' | 'api' | 'import' | 'campaign';
  @IntColumn({ name: 'message_id', nullable: true }) messageId!: number | null;
  /** An opt-out's cause for the reports: the last text of ours sent to them within 72 h before (server/reports/message-rollups.ts). */
  @IntColumn({ name: 'cause_message_id', nullable: true }) causeMessageId?: number | null;
  @VarcharColumn(100, { nullable: true }) detail!: string | null;
  /** Set when the contact is erased: a keyed hash of the E.164 number (server/contacts), never the number itself. */
  @VarcharColumn(64, { name: 'phone_hash', nullable: true }) phoneHash!: string | null;
  @CreatedAt() createdAt!: Date;
}
