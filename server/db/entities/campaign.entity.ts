import { Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CampaignCategory, CampaignMenuOption, CampaignVariant, StoredWinner, WinnerBy, CampaignStatus, CampaignTrigger, CampaignProviderTemplate, EngagementTier, ExclusionReason, PausedReason, SegmentDefinition } from '../../campaigns/campaign-contract';
import { BoolColumn, CreatedAt, IntColumn, JsonColumn, TextColumn, TimestampColumn, UpdatedAt, VarcharColumn } from './columns';

/** A saved audience: its definition is compiled to SQL each time it is used (segment-query.ts), never a stored list of ids. */
@Entity('segments')
export class Segment {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @JsonColumn() definition!: SegmentDefinition;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

/** One send to a segment; its status changes only through campaign-control.ts. */
@Entity('campaigns')
@Index('idx_campaigns_status', ['status', 'sendAt'])
export class Campaign {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @VarcharColumn(100) name!: string;
  @VarcharColumn(16) category!: CampaignCategory;
  @IntColumn({ name: 'segment_id' }) segmentId!: number;
  /** Handlebars over the contact, their custom attributes and next appointment; `{{link}}` stays for short links. */
  @TextColumn() body!: string;
  @JsonColumn({ nullable: true }) menu!: CampaignMenuOption[] | null;
  /** The http(s) address `{{link}}` stands for: each recipient gets their own tracked short link to it. */
  @VarcharColumn(2000, { nullable: true }) link!: string | null;
  /** A/B: the bodies tried on the test share (by weight); null: one body for everyone. */
  @JsonColumn({ nullable: true }) variants!: CampaignVariant[] | null;
  /** Percent of the audience in the test (100: every recipient gets a variant and no winner is sent). */
  @IntColumn({ name: 'test_share', nullable: true }) testShare!: number | null;
  @VarcharColumn(12, { name: 'winner_by', nullable: true }) winnerBy!: WinnerBy | null;
  @IntColumn({ name: 'winner_after_hours', nullable: true }) winnerAfterHours!: number | null;
  /** When the test share was written: the winner is chosen `winnerAfterHours` later. */
  @TimestampColumn({ name: 'test_queued_at', nullable: true }) testQueuedAt!: Date | null;
  /** Set once (compare-and-set on null); the rest of the audience is then queued with this variant's body. */
  @JsonColumn({ nullable: true }) winner!: StoredWinner | null;
  @IntColumn({ name: 'rate_per_second', nullable: true }) ratePerSecond!: number | null;
  @TimestampColumn({ name: 'send_at', nullable: true }) sendAt!: Date | null;
  @IntColumn({ name: 'channel_id', nullable: true }) channelId!: number | null;
  @VarcharColumn(12) status!: CampaignStatus;
  @VarcharColumn(24, { name: 'paused_reason', nullable: true }) pausedReason!: PausedReason | null;
  /** Matches of contacts already counted (an imported list naming one person twice): no row, only this count. */
  @IntColumn({ default: 0 }) duplicates!: number;
  @IntColumn({ name: 'created_by', nullable: true }) createdBy!: number | null;
  @TimestampColumn({ name: 'started_at', nullable: true }) startedAt!: Date | null;
  /** Every contact of the audience has its recipient row; until then a node holding `leaseUntil` is writing them. */
  @BoolColumn({ name: 'audience_done' }) audienceDone!: boolean;
  /** The node queueing the audience holds this; one that died mid-way lets it expire and another node carries on. */
  @TimestampColumn({ name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  /** Which queueing run holds the lease (a random id per run), so a run whose lease another took over writes nothing more. */
  @VarcharColumn(36, { name: 'lease_owner', nullable: true }) leaseOwner!: string | null;
  /** 1–4 digits its texts carry on Chinese channels, unique among active campaigns: a reply on it names this campaign. */
  @VarcharColumn(4, { name: 'extend_code', nullable: true }) extendCode!: string | null;
  /** Its content drew more complaints than the setting allows: it cannot start, resume or be copied until an admin reviews it. */
  @BoolColumn({ name: 'taken_down' }) takenDown!: boolean;
  /** Complaints an admin's review restored it over: the take-down counts only complaints beyond these. */
  @IntColumn({ name: 'complaints_reviewed', default: 0 }) complaintsReviewed!: number;
  /** An admin reviewed the take-down and kept the content down (then: no review is offered or accepted again). */
  @TimestampColumn({ name: 'kept_down_at', nullable: true }) keptDownAt!: Date | null;
  /** Instead of a date: the campaign runs on and texts each contact of its segment once when they become due (trigger-campaigns.ts). */
  @JsonColumn({ nullable: true }) trigger!: CampaignTrigger | null;
  /** On a template-only channel (Aliyun, Tencent): the approved template its texts go out as, and what fills its parameters. */
  @JsonColumn({ name: 'provider_template', nullable: true }) providerTemplate!: CampaignProviderTemplate | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}

export type RecipientStatus = 'queued' | 'deferred' | 'excluded';

/** What happened to one contact of a campaign: at most one row per (campaign, contact), written with its message. */
@Entity('campaign_recipients')
@Index('uq_campaign_recipients', ['campaignId', 'contactId'], { unique: true })
@Index('idx_campaign_recipients_status', ['campaignId', 'status', 'reason'])
export class CampaignRecipient {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  @IntColumn({ name: 'campaign_id' }) campaignId!: number;
  /** The A/B variant this recipient was given in the test share; null outside a test (and for the rest, sent the winner). */
  @VarcharColumn(1, { nullable: true }) variant!: string | null;
  @IntColumn({ name: 'contact_id' }) contactId!: number;
  @VarcharColumn(12) status!: RecipientStatus;
  @VarcharColumn(20, { nullable: true }) reason!: ExclusionReason | null;
  @VarcharColumn(12, { nullable: true }) tier!: EngagementTier | null;
  /** When the contact's send window opens, for a marketing text that would have arrived at night. */
  @TimestampColumn({ name: 'deferred_until', nullable: true }) deferredUntil!: Date | null;
  @CreatedAt() createdAt!: Date;
}
