/**
 * Who is in an A/B test and which variant they get: a hash of (campaign, contact), so the answer is the same on every
 * node and after a crash, needs no stored counter, and differs between campaigns. Pure.
 */

/** A number in [0, 1) from (campaign, contact, salt): a 32-bit integer mix (murmur3's finaliser). */
export function unitHash(campaignId: number, contactId: number, salt: number): number {
  let h = (contactId ^ Math.imul(campaignId, 0x9e3779b1) ^ Math.imul(salt, 0x7feb352d)) | 0;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** Whether a contact is in the test share (percent of the audience); the rest waits for the winner. */
export function inTestShare(campaignId: number, contactId: number, percent: number): boolean {
  return percent >= 100 || unitHash(campaignId, contactId, 1) * 100 < percent;
}

/**
 * The variant a test recipient gets, in proportion to the weights.
 * @example pickVariant(7, 42, [{ key: 'A', weight: 1 }, { key: 'B', weight: 3 }]) // → 'B' three times in four
 */
export function pickVariant<K extends string>(campaignId: number, contactId: number, variants: ReadonlyArray<{ key: K; weight: number }>): K {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let at = unitHash(campaignId, contactId, 2) * total;
  for (const v of variants) {
    if (at < v.weight) return v.key;
    at -= v.weight;
  }
  return variants[variants.length - 1]!.key;
}
