/** Country codes whose customers read traditional Chinese: Hong Kong, Macau, Taiwan. */
const TRADITIONAL: Array<[string, string]> = [['+852', 'zh-HK'], ['+853', 'zh-MO'], ['+886', 'zh-TW']];

/**
 * A new contact's first locale, guessed from the number (an admin can change it): North American and UK numbers
 * text in English, Hong Kong, Macau and Taiwan numbers in traditional Chinese, everyone else in simplified Chinese.
 * @example localeForNumber('+85291234567') // → 'zh-HK'
 */
export function localeForNumber(phone: string): string {
  if (/^\+(?:1|44)/.test(phone)) return 'en';
  return TRADITIONAL.find(([code]) => phone.startsWith(code))?.[1] ?? 'zh-CN';
}
