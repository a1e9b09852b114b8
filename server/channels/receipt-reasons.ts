/**
 * Why a provider says a message did not arrive, in words an agent can act on, keyed `"<provider>:<code>"`.
 * Twilio's codes: https://www.twilio.com/docs/api/errors (PROVIDERS.md §1b). Other providers add their rows here.
 */
export const RECEIPT_REASONS: Record<string, { zh: string; en: string }> = {
  'twilio:30001': { zh: '发送队列溢出，请稍后重试', en: 'Queue overflow at the provider; try again later' },
  'twilio:30002': { zh: '发送账户已被暂停', en: 'The sending account is suspended' },
  'twilio:30003': { zh: '对方手机无法接通（关机或不在服务区）', en: 'Unreachable: the phone is off or out of coverage' },
  'twilio:30004': { zh: '对方已屏蔽此号码', en: 'The recipient has blocked this number' },
  'twilio:30005': { zh: '号码不存在或已停用', en: 'Unknown number: it does not exist or is no longer in service' },
  'twilio:30006': { zh: '对方是固定电话，无法接收短信', en: 'A landline: it cannot receive SMS' },
  'twilio:30007': { zh: '被运营商拦截（疑似垃圾短信）', en: 'Filtered by the carrier as possible spam' },
  'twilio:30008': { zh: '运营商未说明的投递失败', en: 'Delivery failed for a reason the carrier did not give' },
  'twilio:30034': { zh: '发送号码未完成 10DLC 登记', en: 'The sending number is not registered for 10DLC' },
  'twilio:21610': { zh: '对方已回复退订（STOP）', en: 'The recipient replied STOP and opted out' },
  'twilio:21614': { zh: '不是手机号码', en: 'Not a mobile number' },
  'twilio:21211': { zh: '号码格式无效', en: 'Invalid phone number' },
  'twilio:63018': { zh: '超出发送速率，被限流', en: 'Sent faster than the channel allows: throttled' },
};

/**
 * The human reason for a stored code, or null when we have none (the thread then shows the code itself): Twilio's
 * own codes by provider, or the provider-neutral reason Aliyun's and Tencent's receipts are stored as.
 */
export function reasonFor(provider: string, code: string | null | undefined): { zh: string; en: string } | null {
  if (!code) return null;
  return RECEIPT_REASONS[`${provider}:${code}`] ?? (Object.hasOwn(RECEIPT_REASON_TEXT, code) ? RECEIPT_REASON_TEXT[code as ReceiptReason] : null);
}

/**
 * Why a carrier did not deliver, as one short code stored on the message (errorCode) whatever the provider called
 * it; the provider's own code and text go to errorMessage. Plain data: the inbox can import it for its words.
 * Aliyun `err_code` and Tencent `errmsg` carry the carriers' CMPP/SGIP states (UNDELIV, EXPIRED…) or the platform's
 * prefixed codes; PROVIDERS.md §8: neither full list was retrieved, so unknown codes fall back to `carrier_failed`.
 */
export type ReceiptReason = 'expired' | 'undeliverable' | 'rejected' | 'blacklisted' | 'no_such_number' | 'unreachable' | 'carrier_failed';

export const RECEIPT_REASON_TEXT: Record<ReceiptReason, { zh: string; en: string }> = {
  expired: { zh: '对方长时间关机或不在服务区，短信已过期', en: 'The phone was off or out of range until the message expired' },
  undeliverable: { zh: '运营商无法送达', en: 'The carrier could not deliver it' },
  rejected: { zh: '运营商拒绝了这条短信', en: 'The carrier rejected the message' },
  blacklisted: { zh: '号码在黑名单中或已退订', en: 'The number is blacklisted or has unsubscribed' },
  no_such_number: { zh: '空号或号码已停用', en: 'The number does not exist or is out of service' },
  unreachable: { zh: '对方手机无法接收（停机、欠费或信号问题）', en: 'The phone could not receive it (suspended or no signal)' },
  carrier_failed: { zh: '运营商报告发送失败', en: 'The carrier reported a failure' },
};

const EXACT: Record<string, ReceiptReason> = {
  EXPIRED: 'expired', UNDELIV: 'undeliverable', REJECTD: 'rejected', REJECT: 'rejected', BLACK: 'blacklisted',
  BLACKLIST: 'blacklisted', DB00141: 'blacklisted', 'MK:0001': 'no_such_number', 'MI:0013': 'no_such_number',
  'MK:0005': 'unreachable', 'MK:0022': 'unreachable', 'IC:0001': 'unreachable',
  // Aliyun international receipts: Status "6" is expired, "2" failed.
  '6': 'expired', '2': 'carrier_failed',
};

/**
 * The reason for a failed receipt, from the provider's code and, failing that, its words.
 * @example receiptReason('EXPIRED')                // → 'expired'
 * @example receiptReason('X:123', '用户在黑名单中')  // → 'blacklisted'
 */
export function receiptReason(code: string | null | undefined, text?: string | null): ReceiptReason {
  const key = (code ?? '').trim().toUpperCase();
  if (EXACT[key]) return EXACT[key];
  const words = `${code ?? ''} ${text ?? ''}`.toLowerCase();
  if (/黑名单|退订|blacklist|unsubscribe/.test(words)) return 'blacklisted';
  if (/空号|not exist|invalid number/.test(words)) return 'no_such_number';
  if (/关机|停机|欠费|不在服务区|power off|suspend/.test(words)) return 'unreachable';
  if (/过期|expire/.test(words)) return 'expired';
  return 'carrier_failed';
}
