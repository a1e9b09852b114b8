/**
 * Emoji that carry an answer. Thumbs-up, OK and check marks mean yes; folded hands mostly mean thanks. Stars are
 * counted ("⭐⭐⭐⭐" → "4 stars") because people rate that way. Other emoji carry no answer and are dropped.
 */
const MEANINGS: Array<[RegExp, string]> = [
  [/(?:👍|👌|✅|✔|☑|🆗|🙆|💯)(?:\p{Emoji_Modifier})?/gu, ' ok '],
  [/🙏(?:\p{Emoji_Modifier})?/gu, ' thanks '],
  [/(?:👎|❌|✖|🙅|❎)(?:\p{Emoji_Modifier})?/gu, ' no '],
];

const STARS = /(?:⭐|🌟|★)+/gu;
const KEYCAP = /([0-9#*])\uFE0F?\u20E3/gu;
const TEN_KEYCAP = /🔟/gu;

/** Emoji, keycaps and stars live in these ranges; most SMS have none of them, and skip the work. */
const MAY_HAVE_EMOJI = /[\u2000-\u2bff\u3030\u303d\u3297\u3299\ufe0e\ufe0f\u{1f000}-\u{1faff}]/u;

export function foldEmoji(text: string): string {
  if (!MAY_HAVE_EMOJI.test(text)) return text;
  let out = text.replace(KEYCAP, ' $1 ').replace(TEN_KEYCAP, ' 10 ');
  out = out.replace(STARS, (run) => ` ${[...run].length} stars `);
  for (const [pattern, meaning] of MEANINGS) out = out.replace(pattern, meaning);
  return out.replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|[\uFE0E\uFE0F\u200D]/gu, ' ');
}
