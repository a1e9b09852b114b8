import { readWhen } from '../dates/extract-when';
import type { StageContext } from './stage';

// A reply that answers and then asks ("1，另外想问下洗牙要多久"): the answer is acted on, the question goes to a person.

/** A reply's first clause and the rest: "1 , 另外想问下…" → "1" and "另外想问下…"; with no clause mark, the first word. */
export function clauses(text: string): { head: string; rest: string; byClause: boolean } {
  const comma = text.indexOf(' ,');
  if (comma > 0) return { head: text.slice(0, comma), rest: text.slice(comma + 2).trim(), byClause: true };
  const space = text.indexOf(' ');
  return space > 0 ? { head: text.slice(0, space), rest: text.slice(space + 1).trim(), byClause: false } : { head: text, rest: '', byClause: false };
}

/** What turns the rest of a reply into a question for a person: "另外想问下", "顺便问一下", "but also can I ask". */
export const QUESTION_FOLLOWS = /另外|顺便|还有个?问题|还想问|想问|请问|问一下|问下|问问|咨询|对了|\b(?:also|btw|by the way|question|ask|another thing|one more thing)\b/u;

/** A question with no time in it: "2，下周二可以吗" names a preference for the rebooking, not a question. */
export function isQuestion(ctx: StageContext, rest: string): boolean {
  if (rest === '') return false;
  if (QUESTION_FOLLOWS.test(rest)) return true;
  return /\?$|[吗呢]$/u.test(rest) && !readWhen(rest, ctx.now, ctx.timezone);
}

/** After a clause mark, a question in so many words: "确认，另外想问一下费用" confirms and asks. */
export function questionAfterClause(text: string): string | undefined {
  const comma = text.indexOf(' ,');
  const rest = comma > 0 ? text.slice(comma + 2).trim() : '';
  return rest !== '' && QUESTION_FOLLOWS.test(rest) ? rest : undefined;
}
