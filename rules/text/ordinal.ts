/**
 * "第一个", "the second one", "最后那个": a position in the list that was sent, for menus whose keys are letters
 * (a slot offer). Digit menus do not use it: "第一个" next to "回复1" could mean either.
 */
const POSITIONS: Array<[RegExp, number]> = [
  [/第一个|第1个|头一个|first one|the first|1st one|1st/u, 0],
  [/第二个|第2个|second one|the second|2nd one|2nd/u, 1],
  [/第三个|第3个|third one|the third|3rd one|3rd/u, 2],
];
const LAST = /最后一个|最后那个|last one|the last/u;

export function parseOrdinal(text: string, count: number): number | undefined {
  if (LAST.test(text)) return count - 1;
  return POSITIONS.find(([p]) => p.test(text))?.[1];
}

/** "都不行", "none of these work": the customer declines every option offered. */
export const NONE_OF_THESE = /都不(?:行|方便|合适|可以|太行|太方便)|都没空|都没时间|都不太合适|一个都不|none of (?:these|them|those|the times)|neither|none work|none suit|no good/u;
