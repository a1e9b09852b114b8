import { smsCost } from '../admin/sms-segments';

/** Providers that bill as Chinese carriers do: by characters, the 【签名】 included, 70 for one part, then 67 a part. */
const BILLS_BY_CHARACTERS = new Set(['aliyun', 'tencent']);

/**
 * The SMS parts a text was billed: the provider's own figure from its answer or receipt when it gave one (Twilio
 * NumSegments, Aliyun `sms_size`, Tencent's fee), else counted from the stored body, which is what left (signature
 * included), the way that provider counts. What the parts cost is the sending channel's price (channel-prices.ts).
 * @example billedParts({ provider: 'aliyun', body: '【示例诊所】您好', billedSegments: null }) // → 1
 */
export function billedParts(text: { provider: string; body: string; billedSegments: number | null }): number {
  if (text.billedSegments) return text.billedSegments;
  const cost = smsCost(text.body);
  return BILLS_BY_CHARACTERS.has(text.provider) ? cost.chinaBilled : cost.segments;
}
