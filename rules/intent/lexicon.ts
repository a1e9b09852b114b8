import type { IntentName } from './intents';

/**
 * One- and two-word replies are the most common SMS answers and the weakest evidence for a bag-of-bigrams
 * classifier ("好的" shares its only bigram with "挺好的"). They are looked up whole instead.
 */
const SHORT_REPLIES: Partial<Record<IntentName, string[]>> = {
  ack: [
    '好', '好的', '好滴', '好哒', '好嘞', '好啊', '好呀', '好吧', '行', '行的', '可以', '可以的', '嗯', '嗯嗯', '恩', '恩恩', '没问题', '收到', '收到了',
    '知道了', '晓得了', '明白', '明白了', 'ok', 'okay', 'ok ok', 'okk', 'okey', 'k', 'kk', 'yes', 'yeah', 'yep', 'yup', 'y', 'sure',
    'alright', 'all right', 'fine', 'got it', 'noted', 'will do', '是', '是的', '对', '对的', 'ok 好的', '好的 ok', '好 ok',
  ],
  thanks: ['谢谢', '谢了', '多谢', '感谢', '谢谢你', '谢谢您', '辛苦了', 'thanks', 'thank you', 'thx', 'ty', 'cheers', 'many thanks'],
};

const LOOKUP = new Map<string, IntentName>();
for (const [intent, words] of Object.entries(SHORT_REPLIES) as Array<[IntentName, string[]]>) {
  for (const w of words) LOOKUP.set(w, intent);
}

/** A whole reply that is one of the short answers, or several of them ("好的 收到", "ok 好的"). */
export function shortReply(raw: string): IntentName | undefined {
  // Sentence-final particles do not change a short answer: "ok的", "好的呀", "收到啦".
  const key = raw.replace(/(?<=\S)[的了啦呀哈吧呢哦噢喔嘛滴]+$/u, '') || raw;
  const whole = LOOKUP.get(key) ?? LOOKUP.get(raw);
  if (whole) return whole;
  const parts = key.split(' ').filter(Boolean);
  if (parts.length < 2 || parts.length > 4) return undefined;
  const intents = parts.map((p) => LOOKUP.get(p));
  return intents.every((i) => i === 'ack') ? 'ack' : undefined;
}
