import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const CODE_LENGTH = 8;
/** What a code looks like; anything else is not one of ours and is answered like an unknown code. */
export const CODE_PATTERN = /^[0-9A-Za-z]{8}$/;

/**
 * A code of 8 base62 characters from the system's random source: 62^8 ≈ 2.2 × 10^14 codes, so a campaign's 100,000
 * links cannot be found by walking codes. Bytes ≥ 248 are dropped (rejection sampling): 256 is not a multiple of 62,
 * and a plain modulo would make the first eight characters more likely than the rest.
 * @example newCode() // → 'q3ZbT07x'
 */
export function newCode(): string {
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH * 2)) {
      if (byte >= 248) continue;
      code += BASE62[byte % 62];
      if (code.length === CODE_LENGTH) break;
    }
  }
  return code;
}
