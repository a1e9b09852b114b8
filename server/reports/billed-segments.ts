import { smsCost } from '../admin/sms-segments';
import { signsItself } from '../conversations/sms-signature';

/**
 * The SMS parts a text is billed as when the provider does not say: Chinese gateways that put the 【签名】 on
 * themselves (Aliyun, Tencent) bill by characters with that signature counted (≤70 one part, else ⌈n/67⌉); the
 * others bill GSM-7/UCS-2 segments of the body as stored, which already starts with the signature.
 * @example estimatedSegments('您好', 'aliyun', '示例诊所') // → 1 (【示例诊所】您好: 8 characters)
 */
export function estimatedSegments(body: string, provider: string, signName: string | null | undefined): number {
  if (signsItself(provider)) return smsCost(`${signName ? `【${signName}】` : ''}${body}`).chinaBilled;
  return smsCost(body).segments;
}
