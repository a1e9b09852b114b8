import { latinNearMiss } from '../text/fuzzy';
import { PhraseTrie } from '../text/phrase-trie';

/**
 * Concept features: words that mean the same thing to an appointment desk ("改", "换个时间", "推迟", "move",
 * "reschedule" are all @CHANGE). A dozen training phrases per intent cannot cover Chinese vocabulary by bigrams
 * alone; concepts let "能挪到周五吗" learn from "改到周五". A concept inside a negation's scope is "~@X", so
 * "别取消" carries ~@CANCEL, which is evidence for keeping the appointment.
 */
export const CONCEPTS: Record<string, string[]> = {
  CONFIRM: ['确认', '确定', '准时', '按时', '会去', '会来', '会到', '能来', '能去', '能到', '过来', '到时候', '到时', '见', '照旧', '不变',
    '就这样', '原计划', '原来的时间', '老时间', '一定去', '一定到', '来的', '去的', '照常', 'confirm', 'confirmed', 'be there', 'see you',
    'coming', 'will come', "i'll come", 'attend', 'keep', 'on my way', 'still on', 'as planned', 'make it', 'works for me'],
  CHANGE: ['改', '换', '调', '推迟', '推后', '延后', '延期', '往后', '提前', '挪', '另约', '另外约', 'reschedule', 'move', 'change', 'postpone',
    'push back', 'push it', 'switch', 'rebook', 'resched'],
  /** Weaker than CHANGE: "later" and "another day" are about the appointment only when a reminder is being answered. */
  SHIFT: ['晚点', '早点', '晚一点', '早一点', '晚些', '早些', '更早', '更晚', '早一些', '晚一些', '别的时间', '其他时间', '改天', '换天', 'earlier', 'later', 'another',
    'different', 'instead', 'other day', 'other time'],
  /** Hedges: a customer who is not sure has not decided, so nothing is changed on their behalf. */
  UNSURE: ['不确定', '不一定', '说不准', '不好说', '还不知道', '再想想', '再看看', '考虑一下', '想一想', '可能', '也许', '或许', '大概', '回头再说',
    '到时候再说', '晚点回复', '再回复', '再联系', '确定不了', '确认不了', '看情况', '再说', '答复', '回复你', '告诉你', '通知你', '回头告诉', 'not sure', 'maybe', 'might', 'perhaps', 'let you know',
    'get back to you', "we'll see", 'will see', 'possibly', 'probably', 'not certain', "don't know yet", 'depends'],
  /** The customer says something was misunderstood: a person sorts it out, nothing is changed. */
  DISPUTE: ['没说', '没有说', '没让', '没叫', '没要求', '谁说', '搞错', '弄错', '发错', "didn't say", 'never said', "didn't ask", 'never asked',
    'mistake', 'wrong person', 'not me'],
  CANCEL: ['取消', '退掉', '不去了', '不来了', '不看了', '不要了', '不用了', '算了', '不做了', '不洗了', 'cancel', 'call off', 'not coming',
    'drop', "won't come", 'will not come', 'no longer need', 'no longer coming', 'no longer come', "won't be coming"],
  ABSENT: ['去不了', '来不了', '到不了', '赶不上', '赶不过来', '没空', '没时间', '有事', '有点事', '临时', '出差', '加班', "can't make",
    'cannot make', "won't make", 'not make it', "can't come", 'cannot come', 'busy', 'something came up', 'out of town', 'unable to come'],
  OPTOUT: ['退订', '拒收', '不要再发', '别再发', '别发', '不要发', '不想收', '不想再收', '别再给我发', '删掉我的号码', '骚扰', '取消短信',
    '取消通知', 'unsubscribe', 'stop texting', 'stop sending', 'stop messaging', 'stop contacting', 'no more texts', 'no more messages',
    'take me off', 'remove me', 'opt out', "don't text", 'do not text', 'spam'],
  OPTIN: ['订阅', '恢复', '重新', '继续发', '开启', 'subscribe', 'resubscribe', 'start', 'opt in', 'opt back', 'again'],
  PERSON: ['人工', '客服', '前台', '电话', '回电', '打给', '联系我', '护士', '真人', '有人', '找人', 'someone', 'person', 'call me',
    'call back', 'phone', 'speak', 'talk', 'nurse', 'staff', 'receptionist', 'human', 'front desk'],
  BAD: ['差', '投诉', '垃圾', '骗', '坑', '态度', '太慢', '等了', '乱收费', '不专业', '疼', '痛', '退钱', '退款', '气死', '恶心', '糟糕',
    '离谱', '破', 'terrible', 'awful', 'complain', 'complaint', 'worst', 'scam', 'rude', 'refund', 'ridiculous', 'unacceptable', 'hurt',
    'pain', 'waited', 'disgusting', 'useless'],
  GOOD: ['满意', '很好', '不错', '专业', '温柔', '耐心', '棒', '赞', '好评', '细心', '热情', 'great', 'excellent', 'good', 'lovely', 'nice',
    'friendly', 'happy', 'amazing', 'professional', 'gentle'],
  THANKS: ['谢', '感谢', '辛苦', 'thank', 'thanks', 'appreciate', 'cheers'],
  ACK: ['好的', '好嘞', '行', '可以', '嗯', '收到', '知道了', '明白', '没问题', 'ok', 'okay', 'sure', 'yes', 'yep', 'got it', 'fine', 'alright'],
  QUESTION: ['吗', '么', '多少', '怎么', '什么', '哪', '谁', '是否', '能否', '可否', '几', '要不要', '需不需要', 'how', 'what', 'when',
    'where', 'which', 'who', "who's", 'whos', 'do i', 'can i', 'is it', 'does', 'should i', 'do you', 'is there', 'will it', 'need to'],
  DATE: ['周一', '周二', '周三', '周四', '周五', '周六', '周日', '周末', '星期', '礼拜', '明天', '后天', '今天', '下周', '上午', '下午', '晚上',
    '早上', '中午', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow', 'today',
    'morning', 'afternoon', 'evening', 'next week', 'weekend', 'tonight'],
  /** Questions about the sender or the service itself, which the help reply answers. */
  IDENTITY: ['谁', '哪家', '哪里发', '什么号码', '这个号码', '哪个单位', '怎么用', '怎么回复', '回复什么', '怎么操作', '干嘛的', '是哪里', '哪里的', 'who',
    "who's", 'whos', 'what is this', 'what number', 'how does this work', 'what do i reply', 'what should i reply', 'who are you'],
};

/** Clock times and calendar days in digits or numerals ("3点", "十点", "25号"), not "有点". */
const DATE_NUMBER = /(?:\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?:点|号|月|:\d\d)|\d\s*(?:am|pm)\b/u;

const NEGATOR_BEFORE_ZH = /(?:别|不要|不用|不必|无需|没法|无法|不能|不想|没有|没|不|未|千万别|先别)[\p{Script=Han}]{0,2}$/u;
const NEGATOR_BEFORE_EN = /\b(?:not|don't|dont|never|can't|cant|cannot|won't|wont|no need to|unable to|didn't|doesn't)(?:\s+\w+){0,2}\s*$/u;

const TRIE = new PhraseTrie<string>();
for (const [name, words] of Object.entries(CONCEPTS)) for (const w of words) TRIE.add(w, name);

/** Whether a negator governs the word at `index`: within its clause and at most a few words before it. */
function negatedAt(text: string, index: number): boolean {
  let from = Math.max(0, index - 24);
  const cut = Math.max(text.lastIndexOf(',', index - 1), text.lastIndexOf('?', index - 1));
  if (cut >= from) from = cut + 1;
  const before = text.slice(from, index);
  return NEGATOR_BEFORE_ZH.test(before.trimEnd()) || NEGATOR_BEFORE_EN.test(before);
}

/**
 * Long English concept words, for a misspelt "reschedual" that matched nothing exactly. Never for concepts that
 * anchor an irreversible or consent action: a misspelt "cancle" is evidence for no one to act on.
 */
const NO_TYPOS = new Set(['CANCEL', 'CONFIRM', 'OPTOUT', 'OPTIN']);
const LONG_WORDS = Object.entries(CONCEPTS).filter(([name]) => !NO_TYPOS.has(name))
  .flatMap(([name, words]) => words.filter((w) => /^[a-z]{6,}$/.test(w)).map((w) => [w, name] as const));

const EXACT_WORDS = new Set(LONG_WORDS.map(([w]) => w));

/** Typos rarely hit the first letter; comparing only words that share it keeps this to a handful of checks. */
function nearMissConcepts(text: string, out: Set<string>): void {
  for (const m of text.matchAll(/[a-z]{6,}/gu)) {
    const word = m[0];
    if (EXACT_WORDS.has(word)) continue;
    const hit = LONG_WORDS.find(([w]) => w[0] === word[0] && Math.abs(w.length - word.length) <= 2 && latinNearMiss(word, w));
    if (hit) out.add(`${negatedAt(text, m.index ?? 0) ? '~' : ''}@${hit[1]}`);
  }
}

/** "@CHANGE", "~@CANCEL", … for each concept the text mentions (once per concept and polarity). */
export function conceptTokens(text: string): string[] {
  const out = new Set<string>();
  TRIE.scan(text, (name, start) => { out.add(`${negatedAt(text, start) ? '~' : ''}@${name}`); });
  if (DATE_NUMBER.test(text)) out.add('@DATE');
  nearMissConcepts(text, out);
  return [...out];
}
