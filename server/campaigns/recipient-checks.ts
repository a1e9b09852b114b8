import { atLocalMinute, hhmmToMinutes, minuteOfDay } from '../appointments/zoned-time';
import type { CampaignCategory, EngagementTier, ExclusionReason } from './campaign-contract';
import type { CampaignPolicy } from './campaign-policy';

/** What the audience query read about one contact (one row of its batch). */
export interface RecipientFacts {
  optedOut: boolean;
  marketingOptedOut: boolean;
  marketingConsent: boolean;
  timezone: string;
  tier: EngagementTier;
  /** Marketing campaign texts queued to the contact in the last 30 days. */
  recentMarketing: number;
  /** Their conversation is open and a person handles it. */
  withPerson: boolean;
  /** A booked or confirmed visit starts within the policy's hours. */
  visitSoon: boolean;
}

export type RecipientCheck =
  | { status: 'excluded'; reason: ExclusionReason }
  | { status: 'queued' }
  | { status: 'deferred'; until: Date };

/**
 * Compliance for one recipient, first failing check wins, so each exclusion has one recorded reason:
 * opted out (any category) → no marketing consent (marketing) → a person is talking to them → a visit is about to
 * start → the tier's monthly cap (marketing) → the send window (marketing only: held until it opens, never dropped).
 * `opening` says when the window next opens in a zone (windowOpenings shares that across a batch).
 * @example checkRecipient({ ...facts, optedOut: true }, policy, 'transactional', now) // → { status: 'excluded', reason: 'optedOut' }
 */
export function checkRecipient(f: RecipientFacts, policy: CampaignPolicy, category: CampaignCategory, now: Date,
  opening: (timezone: string) => Date | null = (timezone) => windowOpening(now, timezone, policy.sendWindow)): RecipientCheck {
  const marketing = category === 'marketing';
  if (f.optedOut) return { status: 'excluded', reason: 'optedOut' };
  if (marketing && (f.marketingOptedOut || !f.marketingConsent)) return { status: 'excluded', reason: 'noConsent' };
  if (policy.skipInConversation && f.withPerson) return { status: 'excluded', reason: 'inConversation' };
  if (f.visitSoon) return { status: 'excluded', reason: 'visitSoon' };
  if (marketing && f.recentMarketing >= policy.monthlyCaps[f.tier]) return { status: 'excluded', reason: 'frequencyCap' };
  if (!marketing) return { status: 'queued' };
  const opens = opening(f.timezone);
  return opens ? { status: 'deferred', until: opens } : { status: 'queued' };
}

/** Null when `now` is inside the window in `timezone`; else when it next opens there. */
export function windowOpening(now: Date, timezone: string, window: CampaignPolicy['sendWindow']): Date | null {
  const start = hhmmToMinutes(window.start);
  const end = hhmmToMinutes(window.end);
  const minute = minuteOfDay(now, timezone);
  if (minute >= start && minute < end) return null;
  return atLocalMinute(now, minute < start ? 0 : 1, start, timezone);
}

/**
 * windowOpening at one instant, worked out once per time zone: a batch of 2,000 contacts has a handful of zones, and
 * each answer costs two parses of the window and a zoned date.
 */
export function windowOpenings(now: Date, window: CampaignPolicy['sendWindow']): (timezone: string) => Date | null {
  const byZone = new Map<string, Date | null>();
  return (timezone) => {
    let opens = byZone.get(timezone);
    if (opens === undefined) byZone.set(timezone, opens = windowOpening(now, timezone, window));
    return opens;
  };
}
