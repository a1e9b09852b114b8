import { NUMBER_WORDS, parseChoice } from './choice';
import { CHINESE_NUMERAL_CHARS, toInt } from './numerals';

export type ScoreReading = { score: number } | { outOfRange: number } | null;

/**
 * Words that rate without a number. Only clear ones: "十分满意" is 5 (十分 means "very" here, not ten), "一般" is 3.
 * Longer phrases are listed first so "不满意" is not read as "满意".
 */
const WORDS: Array<[RegExp, number]> = [
  [/非常不满意|很不满意|特别不满意|极不满意|太差|很差|非常差|极差|差劲|糟糕|terrible|awful|horrible|the worst|very bad|very poor/, 1],
  [/不太满意|不满意|不怎么样|不好|较差|有点差|unsatisfied|dissatisfied|not good|not happy|poor|bad/, 2],
  [/一般般|一般|还行|还可以|马马虎虎|凑合|so so|average|okay-ish|mediocre/, 3],
  [/非常满意|十分满意|很满意|特别满意|超级满意|太满意|满分|五星好评|好评|非常好|特别好|太棒|excellent|perfect|amazing|outstanding|very satisfied|fantastic|great/, 5],
  [/满意|挺好|不错|很好|比较好|satisfied|good|happy/, 4],
];

const NUMBERED = new RegExp(
  `(?:打|给|评|评分|打个|给个)?\\s*(\\d{1,2}(?:\\.\\d)?|[${CHINESE_NUMERAL_CHARS}]{1,2})\\s*(?:分(?![钟钱])|星|颗星|stars?|/\\s*5|out of 5|points?)`, 'u');

/** "four stars", "one star", "five out of 5": a number word before a unit is that number. */
const WORD_BEFORE_UNIT = new RegExp(`\\b(?:${Object.keys(NUMBER_WORDS).join('|')})\\b(?=\\s*(?:stars?|points?|out of|/))`, 'gu');

/** A score first, then a comment: "4吧，等的时间有点长", "5 - great job", "1 star. never again". */
const LEADING = new RegExp(`^(\\d{1,2}|[${CHINESE_NUMERAL_CHARS}])(?![\\d.:/点号月日])\\s*(?:分|星|吧|呀|啦|了|stars?)?\\s*(?:,|-|\\s|$)`, 'u');

/** "十分满意" / "十分好": 十分 is the adverb "very", not a score of ten. */
function isVeryAdverb(text: string, m: RegExpExecArray): boolean {
  const after = text.slice(m.index + m[0].length);
  return m[1] === '十' && /^\s*(?:满意|好|棒|不|感谢|专业|耐心|周到|热情)/u.test(after);
}

/**
 * A satisfaction score 1–5 from a survey reply. A number outside 1–5 ("0", "7", "10分") is reported as out of
 * range and never recorded, because a misread score writes a review the customer did not give.
 * @example parseScore('打4分吧护士很好') // → { score: 4 }
 * @example parseScore('十分满意') // → { score: 5 }
 */
export function parseScore(said: string): ScoreReading {
  const text = said.replace(WORD_BEFORE_UNIT, (w) => String(NUMBER_WORDS[w]));
  const numbered = NUMBERED.exec(text);
  if (numbered && !isVeryAdverb(text, numbered)) {
    const n = toInt(numbered[1]) ?? Number(numbered[1]);
    return Number.isInteger(n) && n >= 1 && n <= 5 ? { score: n } : { outOfRange: n };
  }
  const leading = LEADING.exec(text);
  if (leading) {
    const n = toInt(leading[1]);
    if (n !== undefined) return n >= 1 && n <= 5 ? { score: n } : { outOfRange: n };
  }
  const choice = parseChoice(text);
  if (choice !== null && /^\d+$/.test(choice)) {
    const n = Number(choice);
    return n >= 1 && n <= 5 ? { score: n } : { outOfRange: n };
  }
  for (const [pattern, score] of WORDS) if (pattern.test(text)) return { score };
  return null;
}
