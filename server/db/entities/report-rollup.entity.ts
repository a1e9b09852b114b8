import { Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BoolColumn, CreatedAt, IntColumn, VarcharColumn } from './columns';

/**
 * One count of the message reports (issue 17): in one UTC hour (`grain` 'h', `bucket` = hours since 1970) or one UTC
 * day (`grain` 'd', `bucket` = its first hour), of one `kind` of thing in one `state`, sliced by one dimension `dim`
 * = `value` on channel `channelId` (0: the environment's default channel). Written only by server/reports/rollup-store.ts;
 * what each kind, state and dimension means is written down in server/reports/rollup-keys.ts.
 */
@Entity('report_rollups', { withoutRowid: true })
export class ReportRollup {
  @PrimaryColumn({ type: 'varchar', length: 1 }) grain!: 'h' | 'd';
  @PrimaryColumn({ type: 'varchar', length: 10 }) dim!: string;
  @PrimaryColumn({ type: 'integer' }) bucket!: number;
  @PrimaryColumn({ type: 'varchar', length: 80 }) value!: string;
  @PrimaryColumn({ type: 'integer', name: 'channel_id' }) channelId!: number;
  @PrimaryColumn({ type: 'varchar', length: 12 }) kind!: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) state!: string;
  @IntColumn({ default: 0 }) n!: number;
  @IntColumn({ default: 0 }) segments!: number;
}

/**
 * A counted complaint (message-rollups.ts countComplaint: a text the engine classed as one, once per person in 72 h),
 * with the send it is charged to: what the complaints figure lists, without reading every text's decision.
 */
@Entity('complaint_events')
@Index('idx_complaint_events_time', ['createdAt'])
export class ComplaintEvent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'message_id', unique: true }) messageId!: number;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  @IntColumn({ name: 'conversation_id' }) conversationId!: number;
  @IntColumn({ name: 'cause_message_id', nullable: true }) causeMessageId!: number | null;
  @CreatedAt() createdAt!: Date;
}

/** An alarm that paused a campaign (its opt-outs today, or complaints about its content), with what it held back. */
@Entity('alarm_events')
@Index('idx_alarm_events_time', ['createdAt'])
export class AlarmEvent {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'campaign_id' }) campaignId!: number;
  @VarcharColumn(20) kind!: 'opt_out_rate' | 'complaints';
  /** The campaign was running and the alarm paused it (a paused one only changed its reason). */
  @BoolColumn() paused!: boolean;
  /** Its queued texts the pause held back from the senders. */
  @IntColumn({ default: 0 }) held!: number;
  @CreatedAt() createdAt!: Date;
}
