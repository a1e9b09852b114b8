// What the segments and campaigns REST API answers (issue 16): shared by the server and, next, the campaigns page.
// Types only, so the browser build can import it.
import type { WinnerReason } from '../../rules/campaigns/variant-winner';

export type { WinnerReason, WinnerReasonCode } from '../../rules/campaigns/variant-winner';

/** Who a segment selects. Every condition present must hold (AND); an empty definition is every contact. */
export interface SegmentDefinition {
  /** At least one of these tags. */
  tagsAny?: string[];
  /** Every one of these tags. */
  tagsAll?: string[];
  /** Custom attributes: equal to a value, or (dates 'YYYY-MM-DD') before / after one. */
  attributes?: Array<{ key: string; op: 'equals' | 'before' | 'after'; value: string }>;
  /** `marketing`: consented to marketing and refused nothing; `transactional`: not opted out, without marketing consent. */
  consent?: 'marketing' | 'transactional';
  /** Engagement tiers (engagement-tier.ts). */
  tiers?: EngagementTier[];
  /** No visit (a completed appointment) for at least this many months, or never. */
  noVisitMonths?: number;
  /** A booked or confirmed appointment within the next this many days. */
  upcomingWithinDays?: number;
  /** A no-show within the last this many days. */
  noShowWithinDays?: number;
  /** An imported list: contact ids and/or phone numbers (E.164 after normalising). */
  contactIds?: number[];
  phones?: string[];
  /** Texted back after campaign N's message (menu or not); with `repliedWith`, that very answer ("1", "WANT100"; case and spaces aside). */
  repliedTo?: number;
  repliedWith?: string;
  /** Opened their short link of campaign N. */
  clicked?: number;
  /** Booked a visit answering campaign N. */
  booked?: number;
}

export const ENGAGEMENT_TIERS = ['active', 'ordinary', 'dormant', 'complained'] as const;
export type EngagementTier = (typeof ENGAGEMENT_TIERS)[number];

export interface SegmentView { id: number; name: string; definition: SegmentDefinition; createdAt: string; updatedAt: string }
export interface SegmentPreview { count: number; sample: Array<{ id: number; name: string | null; phone: string; tags: string[] }> }

export const CAMPAIGN_CATEGORIES = ['marketing', 'transactional'] as const;
export type CampaignCategory = (typeof CAMPAIGN_CATEGORIES)[number];
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'done', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** Why a campaign stopped by itself: opt-outs today over the alarm's share, or a scheduled start missed by over 30 min. */
export type PausedReason = 'admin' | 'opt_out_rate' | 'missed_start' | 'complaints';

/**
 * What starts a triggered campaign's text to a contact of its segment (instead of a date): `last_visit` — at least
 * `months` since their last completed visit, none booked since (recall); `date_attribute` — the month-day of a custom
 * date attribute ('YYYY-MM-DD', a birthday) is `daysBefore` days ahead in the contact's time zone; `no_show` — at least
 * `days` after a missed visit in the last 60 days, none booked since; `tag_added` — the contact got `tag` after the
 * campaign started and still has it. Each contact is texted once per campaign.
 */
export type CampaignTrigger =
  | { kind: 'last_visit'; months: number }
  | { kind: 'date_attribute'; key: string; daysBefore?: number }
  | { kind: 'no_show'; days: number }
  | { kind: 'tag_added'; tag: string };

export const MENU_ACTIONS = ['book', 'tag', 'handoff', 'opt_in'] as const;
export interface CampaignMenuOption { key: string; action: (typeof MENU_ACTIONS)[number]; tag?: string }

/**
 * Why a recipient got no message, each counted in `stats.excluded`; `missingData`: the template needs what the contact
 * lacks (no next visit); `templateValueTooLong`: on Aliyun/Tencent, a value for one of the provider template's
 * parameters is longer than the provider takes (35 characters), and it would refuse the whole text.
 */
export const EXCLUSION_REASONS = ['optedOut', 'noConsent', 'frequencyCap', 'inConversation', 'visitSoon', 'missingData', 'templateValueTooLong'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const VARIANT_KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const WINNER_BY = ['replies', 'clicks', 'bookings'] as const;
export type WinnerBy = (typeof WINNER_BY)[number];
/** One A/B body; `weight` is its share of the test (weights are relative: 1 and 1 is half and half). */
export interface CampaignVariant { key: (typeof VARIANT_KEYS)[number]; body: string; weight: number }
/**
 * The variant sent to the rest, and why: `significant` when p < 0.05, else the best by raw rate. `reason` is a code and
 * the counts behind it, for each page to word in its reader's language; a winner chosen before reasons were codes has
 * only the code (its stored English words are not shown).
 */
export interface CampaignWinner {
  key: string; pValue: number; significant: boolean; decidedAt: string;
  reason: Omit<WinnerReason, 'best' | 'rest'> & Partial<Pick<WinnerReason, 'best' | 'rest'>>;
}
/** A winner as the campaigns table holds it: those chosen before reasons were codes keep an English sentence. */
export type StoredWinner = Omit<CampaignWinner, 'reason'> & { reason: WinnerReason | string };

export interface CampaignStats {
  /** Distinct contacts the segment matched. */
  targeted: number;
  /** `duplicate`: matches of a contact already counted (an imported list naming one person twice). */
  excluded: Record<ExclusionReason | 'duplicate', number>;
  /** Recipients whose message waits for their send window to open. */
  deferred: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  /** A text from the recipient after the campaign's message. */
  replied: number;
  /** An opt-out (any scope) by the recipient after the campaign's message. */
  optedOut: number;
  /** Recipients who opened their short link (each person once; link-preview fetchers not counted). */
  clicked: number;
  /** Recipients who booked a visit answering the campaign (its menu's book option, then a time). */
  booked: number;
  /** A/B campaigns: the same numbers for each variant's test recipients (the rest, sent the winner, only in the totals). */
  variants?: Record<string, Omit<CampaignStats, 'variants'>>;
}

/**
 * The approved provider template a campaign on a template-only channel (Aliyun, Tencent) goes out as: its code, its
 * approved text as the provider's console shows it (`${name}` on Aliyun, `{1}` on Tencent), and which campaign variable
 * fills each parameter (`contact.name`, `contact.attributes.<key>`, `appointment.when`, `link`…).
 */
export interface CampaignProviderTemplate { code: string; text: string; params: Record<string, string> }

export interface CampaignView {
  id: number; name: string; category: CampaignCategory; segmentId: number; body: string; menu: CampaignMenuOption[] | null;
  /** The address `{{link}}` in the body leads to, through each recipient's own short link. */
  link: string | null;
  variants: CampaignVariant[] | null; testShare: number | null; winnerBy: WinnerBy | null; winnerAfterHours: number | null;
  winner: CampaignWinner | null;
  ratePerSecond: number | null; sendAt: string | null; channelId: number | null;
  status: CampaignStatus; pausedReason?: PausedReason;
  /** Its content drew more complaints than allowed: it cannot start or resume until an admin reviews it. */
  takenDown: boolean;
  /** An admin reviewed the take-down and kept it down: final, nothing left to review. */
  keptDown: boolean;
  /** The extension code its texts carry on Chinese channels (null until it starts). */
  extendCode: string | null;
  trigger: CampaignTrigger | null;
  providerTemplate: CampaignProviderTemplate | null;
  startedAt: string | null; createdAt: string; updatedAt: string;
  stats: CampaignStats;
}

export interface CampaignPreview {
  /** The first recipients' texts as they would leave (signature and refusal text included); `variant`: the A/B variant that recipient gets in the test. */
  samples: Array<{ contactId: number; variant?: string; body: string; encoding: 'GSM-7' | 'UCS-2'; segments: number; chinaBilled: number }>;
  /**
   * On a template-only channel with a provider template: what the carrier delivers instead of `body` (【签名】 + the
   * approved text filled for each sample recipient; the samples' `chinaBilled` are counted from it), and what to fix.
   */
  providerTemplate?: { warnings: ProviderTemplateWarning[] };
  audience: number;
  /** Over the whole audience: SMS parts, China billing count, and their cost at the per-segment price setting. */
  estimate: { segments: number; chinaBilled: number; pricePerSegment: number; cost: number };
}

/** A provider template parameter that is unmapped, too long or empty for a sample, or a marketing text without the refusal. */
export type ProviderTemplateWarning =
  | { kind: 'long_value'; param: string; length: number }
  | { kind: 'unmapped_param'; param: string }
  | { kind: 'no_sample'; param: string; variable: string }
  | { kind: 'no_refusal'; refusal: string };

/** Live progress to admins (socket `campaign:progress`); `takenDown` so a page offers the review, not Resume, at once. */
export interface CampaignProgress { campaignId: number; status: CampaignStatus; pausedReason?: PausedReason; takenDown: boolean; keptDown: boolean; stats: CampaignStats }

/** `GET /api/campaign-alarms`: what the admin overview warns about. */
export interface CampaignAlarms {
  /** This business-calendar month: complaints (people, per campaign) over marketing campaign texts sent; `alarm` past `threshold`. */
  monthlyComplaints: { month: string; complaints: number; sent: number; rate: number; threshold: number; alarm: boolean };
  /** Content taken down for complaints, waiting for an admin's review (`POST /api/campaigns/:id/review`). */
  takenDown: Array<{ id: number; name: string; status: CampaignStatus }>;
}
