import { z } from 'zod';

/** The locales Huixin's templates are written in; a template without one falls back by language (rules' pickLocale). */
export const SUPPORTED_LOCALES = ['zh-CN', 'zh-TW', 'zh-HK', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Any locale tag in, a supported one out: a client's odd spelling or an unknown language still gets an answer in a
 * language the clinic wrote, and no arbitrary text ("constructor", "__proto__") is ever used as a lookup key.
 * @example supportedLocale('zh-Hant-TW') // → 'zh-TW'
 * @example supportedLocale('en_GB') // → 'en'
 * @example supportedLocale('constructor') // → 'zh-CN'
 */
export function supportedLocale(tag: string): SupportedLocale {
  const parts = tag.toLowerCase().split(/[-_]/);
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return 'zh-CN';
  if (parts.includes('hk') || parts.includes('mo')) return 'zh-HK';
  if (parts.includes('tw') || parts.includes('hant')) return 'zh-TW';
  return 'zh-CN';
}

/** A locale field in a request: text of tag length, mapped to a supported locale. */
export const localeField = z.string().max(35, 'must be a locale tag such as zh-CN or en').transform(supportedLocale);
