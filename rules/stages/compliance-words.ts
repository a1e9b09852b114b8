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
 * "CANCEL" / "取消" alone. Carriers read CANCEL as an opt-out, a patient usually means the visit: with no
 * appointment menu live the bot asks which (cancel_or_stop, a menu: 1 the visit, 2 the texts) rather than guess
 * either way; while a reminder is awaiting an answer it is about the appointment and the awaiting-reply stage reads it.
 */
export const CANCEL_WORDS = ['cancel', '取消', '取消吧', '取消了', '取消一下', '取消掉', '那取消', '那就取消', '就取消', 'cancelit'];

/** "YES" re-subscribes only someone who is opted out; otherwise it is an ordinary yes. */
export const OPT_IN_WORDS = ['start', 'unstop', 'subscribe', '订阅', '重新订阅', '恢复订阅', '开通订阅', '恢复短信', '恢复发送'];
export const OPT_IN_WHEN_OPTED_OUT = ['yes', 'y', 'resume', '恢复', '是'];

export const HELP_WORDS = ['help', 'info', '帮助', '帮助信息', '求助'];

/** What is being sent, as customers name it: messages in general, or marketing in particular. */
const ZH_SENT = '(?:短信|信息|消息|通知|广告|营销|促销|推广|推销|优惠|活动)';
/** Only words that qualify what is sent ("这些广告", "你们的推广"): "别发错信息" is about a mistake, not consent. */
const ZH_GAP = '(?:这些|那些|这种|那种|这类|任何|垃圾|其他|你们的|你们|的)?';
/** A sent thing named first, then refused: "促销信息就别发了", "优惠活动的短信不要再发给我". */
const ZH_NAMED_FIRST = '(?:广告|营销|促销|推广|推销|优惠活动|优惠|活动|短信)(?:的)?(?:短信|信息|消息)?(?:就|也|都|以后|再)?';

/**
 * Anywhere in a message these opt out, unless negated ("不退订"). Sentences, not single words: consent may be
 * revoked "by any reasonable means", so "以后别给我发营销短信了" and "I don't want these texts anymore" count.
 */
/** Words that refuse, whatever else the message says: "请帮我退订，晚上总发短信" is still an opt-out. */
export const STRONG_OPT_OUT = /退订|拒收|取消订阅|\bunsubscribe\b|\bopt (?:me )?out\b|\bremove me\b/u;

/**
 * A refusal of when, how often or where, not of texts: "短信别发太晚", "no more texts after 9pm", "别发微信，发短信就行",
 * "不要发到这个号码了，换成…". A person answers those; only STRONG_OPT_OUT words opt out through them.
 */
export const QUALIFIED_REFUSAL = new RegExp([
  '太早', '太晚', '这么早', '这么晚', '那么早', '那么晚', '半夜', '深夜', '晚上', '早上', '重复', '两遍', '两次', '多次', '发错', '换成', '换个号', '别的号',
  '发到', '微信', '邮件', '邮箱', '\\b(?:before|after|past|until) \\d',
  '\\b(?:at night|so early|so late|too early|too late|this early|this late|twice|duplicates?|wrong number|other number|whatsapp|wechat|e-?mail)\\b',
].join('|'), 'u');

export const OPT_OUT_PHRASES: RegExp[] = [
  STRONG_OPT_OUT,
  /取消(?:短信|通知|提醒|推送|发送|消息)/u,
  new RegExp(`(?:不要|别|不用|请勿|勿)再?(?:给我)?(?:发|发送|推送|推)(?:给我)?(?:${ZH_GAP}${ZH_SENT}|了)`, 'u'),
  new RegExp(`${ZH_NAMED_FIRST}(?:不要|别|不用|请勿|勿)再?(?:给我)?(?:发|发送|推送|推|通知)`, 'u'),
  /(?:不要|别|不用)再?(?:给我)?(?:推销|推广|打广告)/u,
  new RegExp(`(?:不想|不要|不愿意|不希望|拒绝)再?(?:收到|接收|收|要)${ZH_GAP}${ZH_SENT}`, 'u'),
  /把我(?:的号码|的手机号|的电话)?从[^,?]{0,10}(?:名单|列表|通讯录|名录)[^,?]{0,4}(?:删|移除|去掉|拿掉)/u,
  /停止(?:发送|发短信|推送)/u,
  /\b(?:stop|quit) (?:texting|messaging|sending|contacting|all)\b/u,
  /\bstop (?:the |your |these |all )?(?:texts|messages|sms)\b/u,
  /^(?:不要|不需要|不用|别)再?(?:收|发)?(?:短信|信息)(?:了|提醒)?$/u,
  /\bstop (?:the |all |your |these )?(?:ads|adverts|promos?|promotions|marketing|offers|spam)\b/u,
  /\bno more (?:\w+ )?(?:texts|messages|sms|ads|promos?|promotions|offers|marketing)\b/u,
  /\bno (?:ads|adverts|promos?|promotions|marketing|spam)\b/u,
  /\b(?:don't|do not|dont) (?:want|need) (?:these|your|any|the|any more|anymore|more)? ?(?:\w+ )?(?:texts|messages|sms|ads|promotions|offers)\b/u,
  /\b(?:don't|do not|dont) (?:text|message|contact) me\b/u,
];

/** An opt-out naming marketing only ("别发广告", "stop sending me promotions"): appointment texts keep coming. */
export const MARKETING_ONLY = /营销|广告|促销|推广|推销|优惠|活动|\b(?:promos?|promotions?|promotional|marketing|offers?|ads|adverts?|advertising|deals)\b/u;
/** ...unless it also refuses everything ("所有短信", "any texts at all"). */
export const EVERYTHING = /(?:所有|全部|任何|一切)(?:的)?(?:短信|信息|消息)|\b(?:all|any|every) (?:texts|messages|sms)\b|\banything\b/u;

export const NEGATED_OPT_OUT = new RegExp([
  '(?:不|别|不要|不用|没|不想|不会)(?:想|要|会)?(?:退订|拒收|取消订阅)', "\\b(?:don't|do not|dont|never) (?:unsubscribe|stop|quit)\\b",
  // "我收到了取消通知": a cancellation notice that arrived, not a request to cancel notices.
  '收到(?:了)?(?:一条|一个|个|条)?取消(?:通知|短信|消息)',
].join('|'), 'u');

/** Words people wrap a keyword in: "STOP please", "请退订，谢谢", "我要退订". */
export const FILLER = /^(?:please|pls|plz|我要|我想|帮我|请|麻烦|我)\s*|\s*(?:please|pls|plz|thanks|thank you|thx|谢谢|谢了|了|吧|啊|呀|哈|now|now please)$/u;

/** Latin keywords long enough for a guarded typo match (STPO, UNSUBSCRIBE with a letter missing). */
export const FUZZY_LATIN_OPT_OUT = ['stop', 'quit', 'stopall', 'unsubscribe', 'revoke', 'optout'];
/** Chinese keywords matched by sound ("推定" typed for "退订"); 订阅 sounds nothing like them. */
export const FUZZY_PINYIN_OPT_OUT = ['退订', '拒收'];
