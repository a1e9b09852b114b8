/**
 * Consent keywords (DESIGN.md §3, PROVIDERS.md §6): carrier and regulator lists, Chinese and English. A whole
 * message that is one of these words (after fillers and punctuation are dropped) is decisive.
 */
export const OPT_OUT_WORDS = [
  'stop', 'stopall', 'unsubscribe', 'unsub', 'end', 'quit', 'revoke', 'optout', 'remove', 'arret',
  't', 'td', 'n', 'r',
  '退订', '拒收', '取消订阅', '退订短信', '拒收短信', '退出', '停止', '停止发送', '别发了', '不要发了', '不要再发了', '别再发了',
];

/**
 * "CANCEL" / "取消" alone. Twilio and the FCC treat CANCEL as an opt-out and PROVIDERS.md recommends 取消 for CN
 * numbers, so with no appointment menu live it opts out; while a reminder (or a slot offer) is awaiting an answer
 * it is about the appointment and the awaiting-reply stage reads it.
 */
export const CANCEL_WORDS = ['cancel', '取消', '取消吧', '取消了'];

/** "YES" re-subscribes only someone who is opted out; otherwise it is an ordinary yes. */
export const OPT_IN_WORDS = ['start', 'unstop', 'subscribe', '订阅', '重新订阅', '恢复订阅', '开通订阅', '恢复短信', '恢复发送'];
export const OPT_IN_WHEN_OPTED_OUT = ['yes', 'y', 'resume', '恢复', '是'];

export const HELP_WORDS = ['help', 'info', '帮助', '帮助信息', '求助'];

/** Anywhere in a message these opt out, unless negated ("不退订"). Sentences, not single words. */
export const OPT_OUT_PHRASES: RegExp[] = [
  /退订|拒收|取消订阅/u,
  /取消(?:短信|通知|提醒|推送|发送|消息)/u,
  /(?:不要|别|不用|请勿|勿)再?(?:给我)?(?:发|发送)(?:短信|信息|消息|了)/u,
  /停止(?:发送|发短信|推送)/u,
  /\b(?:stop|quit) (?:texting|messaging|sending|contacting|all)\b/u,
  /\bunsubscribe\b/u,
  /\bopt (?:me )?out\b/u,
  /\bremove me\b/u,
  /\b(?:don't|do not|dont) (?:text|message|contact) me\b/u,
];

export const NEGATED_OPT_OUT = /(?:不|别|不要|不用|没|不想|不会)(?:想|要|会)?(?:退订|拒收|取消订阅)|don't unsubscribe|do not unsubscribe/u;

/** Words people wrap a keyword in: "STOP please", "请退订，谢谢", "我要退订". */
export const FILLER = /^(?:please|pls|plz|我要|我想|帮我|请|麻烦|我)\s*|\s*(?:please|pls|plz|thanks|thank you|thx|谢谢|谢了|了|吧|啊|呀|哈|now|now please)$/u;

/** Latin keywords long enough for a guarded typo match (STPO, UNSUBSCRIBE with a letter missing). */
export const FUZZY_LATIN_OPT_OUT = ['stop', 'quit', 'stopall', 'unsubscribe', 'revoke', 'optout'];
/** Chinese keywords matched by sound ("推定" typed for "退订"); 订阅 sounds nothing like them. */
export const FUZZY_PINYIN_OPT_OUT = ['退订', '拒收'];
