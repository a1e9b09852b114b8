import type { EngagementTier } from './campaign-contract';
import type { CampaignPolicy } from './campaign-policy';

const DAY = 86_400_000;

/** The instants a tier is measured from, as query parameters (the clock is the caller's, never the database's). */
export function tierParams(now: Date, policy: CampaignPolicy): Record<string, Date> {
  return {
    tierActiveSince: new Date(now.getTime() - policy.activeDays * DAY),
    tierDormantSince: new Date(now.getTime() - policy.dormantDays * DAY),
    tierComplainedSince: new Date(now.getTime() - policy.complainedDays * DAY),
  };
}

/** A text from the contact (through their one conversation, `cv`) since `:param`. */
const textedSince = (param: string) =>
  `EXISTS (SELECT 1 FROM messages tm WHERE tm.conversation_id = cv.id AND tm.direction = 'in' AND tm.created_at >= :${param})`;
const visitedSince = (param: string) =>
  `EXISTS (SELECT 1 FROM appointments ta WHERE ta.contact_id = ct.id AND ta.status = 'completed' AND ta.starts_at >= :${param} AND ta.starts_at <= :tierNow)`;

/**
 * A contact's engagement tier as one SQL expression over `ct` (contacts) and `cv` (their conversation, left-joined),
 * so a whole batch of an audience is tiered by the query that reads it:
 * - `complained`: a refusal (an opt-out of any scope, a consent event) or a text the engine handed off as a complaint
 *   (its stored decision says "complaint") within `complainedDays`;
 * - `active`: a text or a completed visit within `activeDays`;
 * - `dormant`: neither within `dormantDays`;
 * - `ordinary`: the rest.
 * Clicks join this when short links land (task E's part of issue 16).
 */
export const TIER_SQL = `CASE
  WHEN EXISTS (SELECT 1 FROM consent_events tc WHERE tc.contact_id = ct.id AND tc.kind = 'opt_out' AND tc.created_at >= :tierComplainedSince)
    OR EXISTS (SELECT 1 FROM messages tq WHERE tq.conversation_id = cv.id AND tq.direction = 'in' AND tq.created_at >= :tierComplainedSince AND tq.decision LIKE '%"complaint"%')
    THEN 'complained'
  WHEN ${textedSince('tierActiveSince')} OR ${visitedSince('tierActiveSince')} THEN 'active'
  WHEN NOT ${textedSince('tierDormantSince')} AND NOT ${visitedSince('tierDormantSince')} THEN 'dormant'
  ELSE 'ordinary' END`;

/**
 * The tier from what was found about a contact, in TIER_SQL's order (complained, then active, then dormant, else
 * ordinary): campaign batches look the facts up a page at a time (audience-facts.ts), segments filter with TIER_SQL.
 * @example tierFrom({ complained: false, active: true, dormant: false }) // → 'active'
 */
export function tierFrom(f: { complained: boolean; active: boolean; dormant: boolean }): EngagementTier {
  if (f.complained) return 'complained';
  if (f.active) return 'active';
  return f.dormant ? 'dormant' : 'ordinary';
}
