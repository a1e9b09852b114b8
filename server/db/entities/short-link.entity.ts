import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, IntColumn, TextColumn, TimestampColumn, VarcharColumn } from './columns';

/**
 * A tracked short link (`/s/:code`, issue 16): one per recipient of a campaign, so a click names the person. Counted
 * once per person (`first_clicked_at`); `click_count` is every counted click (people, not link-preview fetchers).
 */
@Entity('short_links')
export class ShortLink {
  @PrimaryGeneratedColumn({ type: 'integer' }) id!: number;
  /** 8 base62 characters from the system's random source: unguessable, so codes cannot be walked. */
  @VarcharColumn(16, { unique: true }) code!: string;
  @TextColumn({ name: 'target_url' }) targetUrl!: string;
  @IntColumn({ name: 'campaign_id', nullable: true }) campaignId!: number | null;
  @IntColumn({ name: 'contact_id', nullable: true }) contactId!: number | null;
  @CreatedAt() createdAt!: Date;
  @TimestampColumn({ name: 'first_clicked_at', nullable: true }) firstClickedAt!: Date | null;
  @IntColumn({ name: 'click_count', default: 0 }) clickCount!: number;
}
