/**
 * Provider ids Huixin makes up where a provider's own answer cannot serve as a message's provider id, which must be
 * unique per (provider, id) (uq_messages_provider_id) and still be found by that provider's receipts.
 */

/**
 * The per-number provider id of a message sent in a batch whose provider answered one id for the whole call (Aliyun's
 * BizId): unique per (provider, id) as messages need, and what a receipt naming the batch id and the number finds.
 * The number is as the provider writes it in receipts (digits, mainland numbers without 86).
 * @example perNumberId('900001^0', '+8613800138000') // → '900001^0#13800138000'
 */
export function perNumberId(callId: string, number: string): string {
  const digits = number.replace(/\D/g, '');
  const local = /^(0086|86)1\d{10}$/.test(digits) ? digits.replace(/^(0086|86)/, '') : digits;
  return `${callId}#${local}`;
}

const RECOVERED = 'found:';

/**
 * The provider id of a message found among the provider's sends after a crash, when the provider's lookup does not
 * give the id its receipts will carry (Aliyun QuerySendDetails answers no BizId). A receipt that names the message by
 * our own id (OutId) replaces it with the provider's (see apply-receipt.ts).
 */
export const recoveredId = (messageId: number) => `${RECOVERED}${messageId}`;
export const isRecoveredId = (providerMessageId: string | null) => !!providerMessageId?.startsWith(RECOVERED);
