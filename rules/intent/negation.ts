import type { IntentName } from './intents';
import { QUALIFIED_REFUSAL, STRONG_OPT_OUT } from '../stages/compliance-words';

/**
 * The classifier sees negation as features, but a side-effecting intent gets a second, literal check: when the
 * text negates the very verb of the intent, the intent is not acted on. "别取消" is not a cancel, "没法确认" not a
 * confirm, "不用改时间" not a reschedule.
 */
const NEGATED: Partial<Record<IntentName, RegExp>> = {
  cancel: /(?:别|不要|不用|不必|不想|不会|没|千万别|先别|暂时不|不)\s*(?:帮我)?(?:取消|退掉|退了)|(?:don't|do not|dont|not|never|no need to|won't)\s+(?:\w+\s+)?cancel/u,
  confirm: /(?:没法|无法|不能|不好|不敢|还没|没有|不)\s*(?:确认|确定)|确认不了|确定不了|(?:can't|cannot|can not|unable to|not able to|don't|won't)\s+(?:\w+\s+)?confirm|not sure/u,
  reschedule: /(?:不用|不要|别|不必|不想|不需要|无需|不)\s*(?:再)?(?:改|换|调|变)(?:期|时间|约|日子|天)?|(?:don't|do not|no need to|not)\s+(?:\w+\s+)?(?:reschedule|change|move)/u,
  // "别发错时间" asks for care, not silence.
  opt_out: /(?:不|别|不要|不用|没|不想)(?:想|要)?(?:退订|拒收)|(?:别|不要)再?发(?:错|重|漏|晚)|(?:don't|do not|not)\s+(?:\w+\s+)?(?:unsubscribe|stop)/u,
  opt_in: /(?:不|别|不要|不想)(?:想|要)?(?:订阅)|(?:don't|do not)\s+(?:\w+\s+)?(?:subscribe|start)/u,
};

/** "能不能改到周四" asks, it does not negate: A-not-A questions fold to their verb ("能改到周四"). */
export function foldAnotA(text: string): string {
  return text.replace(/(\p{Script=Han})不\1/gu, '$1');
}

export function negates(plain: string, intent: IntentName): boolean {
  // "短信别发太晚" refuses an hour, not the texts: a person reads it.
  if (intent === 'opt_out' && QUALIFIED_REFUSAL.test(plain) && !STRONG_OPT_OUT.test(plain)) return true;
  return NEGATED[intent]?.test(foldAnotA(plain)) ?? false;
}

/**
 * What an intent must rest on: one of its own concepts, un-negated. The classifier may be sure of
 * "opt_out" for "I'll stop by tomorrow" from the one word it knows; without @OPTOUT it is not acted on.
 */
const ANCHORS: Partial<Record<IntentName, string[]>> = {
  confirm: ['@CONFIRM', '@ACK', '~@CANCEL', '~@CHANGE'],
  ack: ['@ACK', '@CONFIRM'],
  reschedule: ['@CHANGE', '@ABSENT'],
  cancel: ['@CANCEL'],
  opt_out: ['@OPTOUT'],
  opt_in: ['@OPTIN'],
  help: ['@IDENTITY'],
};

/** Answering a reminder, "晚一点可以吗" and "周四上午呢" are about the appointment without saying so. */
const ANCHORS_IN_APPOINTMENT_MENU: Partial<Record<IntentName, string[]>> = {
  reschedule: ['@SHIFT', '@DATE'],
};

export function anchored(intent: IntentName, tokens: string[], appointmentMenu: boolean): boolean {
  const anchors = [...(ANCHORS[intent] ?? []), ...(appointmentMenu ? ANCHORS_IN_APPOINTMENT_MENU[intent] ?? [] : [])];
  return anchors.length === 0 || anchors.some((a) => tokens.includes(a));
}

/**
 * A hedge ("不确定", "maybe", "我明天给你答复"), a dispute ("我没说要取消") or a request beyond one appointment
 * ("所有预约", "every appointment"): reasons not to change anything on the customer's behalf.
 */
export function hedged(tokens: string[], plain: string): string | undefined {
  if (tokens.includes('@UNSURE')) return 'the customer is not sure yet';
  if (tokens.includes('@DISPUTE')) return 'the customer says something was misunderstood';
  if (/所有|全部|每个|\b(?:all|every|each)\b/u.test(plain) && /预约|appointment|booking/u.test(plain)) return 'it asks about more than one appointment';
  return undefined;
}

/**
 * A question about a cancellation — "我的预约怎么被取消了？", "为什么取消我的预约", "取消了吗", "was my appointment
 * cancelled?" — asks what happened; it never asks for one. A request ("可以取消预约吗") still reads as a request.
 */
const CANCELLATION_QUESTION = new RegExp([
  '被取消', '怎么[^,?]{0,4}取消了', '我是问[^,?]{0,8}取消', '(?:为什么|为啥|干嘛|凭什么|怎么会|怎么就|咋)[^,?]{0,8}取消', '是不是[^,?]{0,8}取消', '有没有[^,?]{0,6}取消(?:了|掉|成功)',
  '取消[^,?]{0,4}了\\s*(?:吗|么|没有?|嘛|\\?)', '(?:已经|已)取消[^,?]{0,4}(?:吗|么|\\?)', '取消成功',
  // "取消的那个预约" is an appointment already cancelled; "我之前取消了" tells what happened before.
  '取消(?:掉)?的', '(?:之前|以前|已经|刚才|刚刚|上次|昨天|前天|早就)[^,?]{0,6}取消',
  '\\b(?:was|were|is|has|have|had|got|get|gets|been)\\b[^?]{0,30}\\bcancell?ed\\b', '\\bcancell?ed\\s*\\?', '\\bwhy\\b[^?]{0,30}\\bcancel', '\\bdid (?:you|they|someone|somebody|u|the clinic)\\b[^?]{0,20}\\bcancel',
].join('|'), 'u');

export function asksAboutCancellation(plain: string): boolean {
  return /取消|cancel/u.test(plain) && CANCELLATION_QUESTION.test(plain);
}
