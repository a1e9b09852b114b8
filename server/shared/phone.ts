import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * E.164 or null. "13800138000", "+86 138 0013 8000" and "008613800138000" are one number in region CN;
 * the international prefix 00 is folded to + because customers and some gateways write it that way.
 */
export function toE164(raw: string, defaultRegion: string): string | null {
  const trimmed = raw.trim().replace(/^00(?=[1-9])/, '+');
  if (!/^[+\d][\d\s().-]{3,}$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
