import { CHINESE_NUMERAL_CHARS, toInt } from './numerals';

/** Words around a choice that do not change it: "回复2", "我选3", "选A", "B吧", "option a", "2 谢谢", "好的，1". */
const LEAD = new RegExp('^(?:' + [
  '我', '想', '要', '就', '选择', '选', '回复', '回', '按', '答', '那', '那就', '还是',
  '好的', '好', 'ok', 'okay', 'ok ok', '嗯', '恩',
  'option', 'options', 'choice', 'choose', 'pick', 'number', 'no', 'num', '#', "i'll take", 'i will take', 'i take',
  'i choose', 'i pick', 'i want', "i'd like", 'i would like', 'reply', "let's go with", "let's do", 'go with', 'take', 'select',
].sort((a, b) => b.length - a.length).join('|') + ')\\s*');
const TRAIL = new RegExp('\\s*(?:' + [
  '吧', '啊', '呀', '哈', '呢', '了', '啦', '的', '谢谢', '谢了', '多谢', '好的', '好', '可以', '行', '就行', '号选项', '选项',
  'ok', 'okay', 'thanks', 'thank you', 'thx', 'please', 'pls', 'plz', 'is fine', 'works', 'is good', 'for me', '谢谢你', 'ty',
].sort((a, b) => b.length - a.length).join('|') + ')$');

/** English number words: "two", "option two", "three please". */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const KEY = new RegExp(`^(?:\\d{1,2}|[a-z]|[${CHINESE_NUMERAL_CHARS}]{1,2}|${Object.keys(NUMBER_WORDS).join('|')})$`, 'u');

/** "no one", "not one": a pronoun, not "number one". */
const NOT_A_NUMBER = /\bno(?:t)? one\b/u;

function strip(text: string): string {
  let core = text.replace(/[,?]/g, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const next = core.replace(LEAD, '').replace(TRAIL, '').trim();
    if (next === core || next === '') break;
    core = next;
  }
  return core;
}

/**
 * The menu key a reply names, upper-cased, or null when the reply is not a bare choice. It does not know the menu:
 * "5" comes back as '5' and the caller decides that 5 is not on a 1/2/3/0 menu.
 * @example parseChoice('我选3') // → '3'
 * @example parseChoice('b吧') // → 'B'
 * @example parseChoice('三') // → '3'
 * @example parseChoice('option two') // → '2'
 * @example parseChoice('no one') // → null
 * @example parseChoice('下午3点') // → null
 */
export function parseChoice(text: string): string | null {
  const core = strip(text);
  if (!KEY.test(core) || NOT_A_NUMBER.test(text)) return null;
  if (/^[a-z]$/.test(core)) return core.toUpperCase();
  if (Object.hasOwn(NUMBER_WORDS, core)) return String(NUMBER_WORDS[core]);
  const n = toInt(core);
  return n === undefined ? null : String(n);
}
