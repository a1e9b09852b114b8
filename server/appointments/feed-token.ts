import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret for a calendar feed URL (locations and staff get one when created). */
export const newFeedToken = (): string => randomBytes(24).toString('hex');

/** Constant-time comparison, so response timing does not reveal how much of a guessed token was right. */
export function feedTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
