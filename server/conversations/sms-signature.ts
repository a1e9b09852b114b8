import { withSignature } from '../../rules';
import type { Settings } from '../../rules/types';

/**
 * Providers that put the 【签名】 on every text themselves, from the signature registered with them (the Chinese
 * gateways of issue 15): the outbox must not add a second one. Loopback and Twilio send the body as given.
 */
const SIGNS_ITSELF: ReadonlySet<string> = new Set(['aliyun', 'tencent']);

/** Whether `providerName` puts the 【签名】 on every text itself (its bodies are stored without one). */
export const signsItself = (providerName: string): boolean => SIGNS_ITSELF.has(providerName);

/** The body the customer will receive through `providerName`: with the business's signature unless the provider adds it. */
export function signedBody(body: string, settings: Settings, providerName: string): string {
  return SIGNS_ITSELF.has(providerName) ? body : withSignature(body, settings.smsSignature);
}
