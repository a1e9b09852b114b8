import { Converter } from 'opencc-js/cn2t';
import type { ReplyScript } from '../types';

/** Hong Kong, Macau and Taiwan read traditional characters. */
const TRADITIONAL_LOCALES = new Set(['zh-HK', 'zh-MO', 'zh-TW']);

/**
 * Whole phrases, not characters: rendering happens once per reply, and phrase forms read more naturally. Built on
 * first use: the dictionaries are large and most deployments never write traditional Chinese.
 */
let converters: { hk: (s: string) => string; tw: (s: string) => string } | undefined;
const toHongKong = (text: string) => (converters ??= buildConverters()).hk(text);
const toTaiwan = (text: string) => (converters ??= buildConverters()).tw(text);
const buildConverters = () => ({ hk: Converter({ from: 'cn', to: 'hk' }), tw: Converter({ from: 'cn', to: 'tw' }) });

/**
 * The script a reply is written in: traditional for a contact whose locale is zh-HK/zh-MO/zh-TW or who writes
 * traditional characters, simplified otherwise.
 * @example replyScript('zh-CN', true) // → 'traditional'
 */
export function replyScript(locale: string, writesTraditional = false): ReplyScript {
  return writesTraditional || TRADITIONAL_LOCALES.has(locale) ? 'traditional' : 'simplified';
}

export function isTraditionalLocale(locale: string): boolean {
  return TRADITIONAL_LOCALES.has(locale);
}

/** The locale whose body a traditional reader should get: their own, or Hong Kong's for a zh-CN traditional writer. */
export function localeForScript(locale: string, script: ReplyScript | undefined): string {
  if (script !== 'traditional' || TRADITIONAL_LOCALES.has(locale) || !locale.startsWith('zh')) return locale;
  return 'zh-HK';
}

/**
 * Rendered simplified text in the reader's script: Taiwan's forms for zh-TW, Hong Kong's otherwise. Text already
 * written for a traditional locale (an admin's zh-HK body) is left as written.
 * @example inScript('已为您确认预约', 'traditional', 'zh-HK') // → '已為您確認預約'
 */
export function inScript(text: string, script: ReplyScript | undefined, locale: string): string {
  if (script !== 'traditional') return text;
  return locale === 'zh-TW' ? toTaiwan(text) : toHongKong(text);
}
