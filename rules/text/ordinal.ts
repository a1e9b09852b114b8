/**
 * "第一个", "the second one", "最后那个": a position in the list that was sent, for menus whose keys are letters
 * (a slot offer). Digit menus do not use it: "第一个" next to "回复1" could mean either.
 */
/** An English ordinal ends the answer or is followed by a word of assent: "the second time I asked" is no choice. */
const EN_TAIL = '(?: one| option| slot| choice| time)?(?=$| please| pls| works| work| is (?:fine|good|ok|best|better)| for me| ok| thanks| thank you| then)';
const english = (words: string) => new RegExp(`\\b(?:the )?(?:${words})${EN_TAIL}`, 'u');
const POSITIONS: Array<[RegExp, number]> = [
  [/第一个|第1个|头一个/u, 0], [english('first|1st'), 0],
  [/第二个|第2个/u, 1], [english('second|2nd'), 1],
  [/第三个|第3个/u, 2], [english('third|3rd'), 2],
];
const LAST = /最后一个|最后那个|last one|the last/u;

export function parseOrdinal(text: string, count: number): number | undefined {
  if (LAST.test(text)) return count - 1;
  return POSITIONS.find(([p]) => p.test(text))?.[1] ?? wholeOrdinalIndex(text);
}

const ORDINAL_WORDS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
  一: 1, '1': 1, 二: 2, '2': 2, 三: 3, '3': 3, 四: 4, '4': 4, 五: 5, '5': 5,
};

/** The whole reply is an ordinal: "second", "I'd like the 2nd one", "third please", "第二个吧" — never one inside a sentence. */
const WHOLE_ORDINAL = /^(?:(?:i'd like|i would like|i'll take|i will take|i want|i choose|i pick|let's do|let's go with|go with|take|choose|pick) )?(?:the )?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th)(?: one| option| choice| slot| time)?(?: please| pls| works| is fine| thanks)?$|^第([一二三四五1-5])个(?:选项)?(?:吧|啊)?$/u;

/**
 * The 1-based position a reply names when it is nothing but an ordinal, or undefined.
 * @example wholeOrdinal('the third option') // → 3
 * @example wholeOrdinal('the second time I asked') // → undefined
 */
export function wholeOrdinal(text: string): number | undefined {
  const m = WHOLE_ORDINAL.exec(text);
  return m ? ORDINAL_WORDS[m[1] ?? m[2]] : undefined;
}

function wholeOrdinalIndex(text: string): number | undefined {
  const n = wholeOrdinal(text);
  return n === undefined ? undefined : n - 1;
}

/** "都不行", "none of these work": the customer declines every option offered. */
export const NONE_OF_THESE = /都不(?:行|方便|合适|可以|太行|太方便)|都没空|都没时间|都不太合适|一个都不|none of (?:these|them|those|the times)|neither|none work|none suit|no good/u;
