/**
 * Who fetches a link without a person behind it. Chat and social apps fetch a link the moment it is pasted or
 * received to draw a preview card, and iMessage's preview fetcher announces itself as facebookexternalhit and
 * Twitterbot; counting those would count a click for every recipient whose phone drew a card. Command-line and
 * library clients (curl, wget, python-requests, Go's, node's) are scripts and link checkers, not people.
 * WeChat's in-app browser (MicroMessenger) is a person tapping the link, so it counts.
 */
const FETCHERS = new RegExp([
  'facebookexternalhit', 'facebot', 'twitterbot', 'slackbot', 'slack-imgproxy', 'whatsapp', 'telegrambot', 'discordbot',
  'linkedinbot', 'applebot', 'pinterest', 'redditbot', 'embedly', 'vkshare', 'skypeuripreview',
  'google-pagerenderer', 'googleother', 'bingpreview', 'yandex', 'baiduspider', 'bytespider', 'petalbot', 'sogou',
  'bot\\b', 'crawler', 'spider', 'preview',
  'curl/', 'wget/', 'python-requests', 'python-urllib', 'aiohttp', 'go-http-client', 'node-fetch', 'undici', 'axios/', 'okhttp', 'java/', 'libwww-perl', 'httpclient',
].join('|'), 'i');

export interface LinkRequest { method: string; userAgent?: string; purpose?: string }

/**
 * Whether a request is a preview or a probe rather than a person: HEAD (checks whether the link works), a
 * browser's speculative prefetch (`Sec-Purpose`/`Purpose: prefetch`), no User-Agent at all, or a known fetcher.
 * Such requests are still redirected; they are only not counted.
 * @example isPreviewFetch({ method: 'GET', userAgent: 'WhatsApp/2.23.20.0 A' }) // → true
 * @example isPreviewFetch({ method: 'GET', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) … MicroMessenger/8.0.47' }) // → false
 */
export function isPreviewFetch(req: LinkRequest): boolean {
  if (req.method !== 'GET') return true;
  if (req.purpose && /prefetch|preview/i.test(req.purpose)) return true;
  if (!req.userAgent?.trim()) return true;
  return FETCHERS.test(req.userAgent);
}
