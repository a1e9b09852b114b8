import type { Effect } from '../types';
import { normalize } from '../text/normalize';
import type { StageContext, StageDecision } from './stage';

/**
 * Pain, bleeding, swelling, an emergency: what a receptionist answers first. Simplified and lower-case, as texts
 * are compared after normalising; admins replace the list with `settings.urgentKeywords`.
 */
export const DEFAULT_URGENT_KEYWORDS = [
  // pain past bearing (a bare "有点疼" or "太疼了" on a survey is not this)
  '牙疼', '牙痛', '疼得厉害', '痛得厉害', '疼得受不了', '痛得受不了', '疼得睡不着', '痛得睡不着', '疼睡不着', '痛睡不着', '疼到', '痛到',
  '疼得要命', '痛得要命', '疼得要死', '痛得要死', '疼死', '痛死', '剧痛', '剧烈疼痛',
  // bleeding, swelling, infection, injury
  '出血', '流血', '渗血', '血止不住', '肿了', '肿得', '红肿', '脸肿', '牙龈肿', '肿胀', '发炎', '化脓', '发烧',
  '磕断', '撞断', '摔断', '牙断', '牙齿断', '撞掉', '磕掉', '摔掉',
  // asking for urgency in so many words
  '急诊', '紧急', '救命', '急急急', '很急', '好急', '着急',
  'severe pain', 'terrible pain', 'in agony', 'agony', 'excruciating', 'unbearable', 'killing me', 'really hurts', 'hurts so',
  'hurts a lot', 'so painful', 'very painful', 'really painful', 'in pain', 'toothache', 'bleeding', 'blood', 'swollen', 'swelling',
  'abscess', 'infection', 'fever', 'broken tooth', 'broke my tooth', 'chipped', 'knocked out', 'emergency', 'urgent',
];

/** Urgent business, not an urgent body: "公司有急事，改期", "something urgent came up". Removed before matching. */
const ERRANDS = /紧急(?:的)?(?:事|会议|任务|出差|工作|加班)|急事|着急(?:去|走|上班|出门|赶)|something urgent (?:came|has come|come) up|urgent (?:meeting|matter|business|work|call|errand|trip)|(?:family|work|personal) emergency|emergency (?:at work|at home|came up|meeting|trip)/gu;

/** "不疼了", "没出血", "no longer bleeding", "会出血吗" (will it?): the word is there, the urgency is not. */
const ZH_NOT = /(?:不|没|没有|不再|已经不|无|别|会|会不会|可能|不是|不算)$/u;
const EN_NOT = /\b(?:no|not|no longer|isn't|wasn't|stopped|without|any)\s+(?:\w+\s+)?$/u;

/** "洗牙疼吗", "疼不疼": asking whether something hurts is not saying it does ("有急诊吗" still asks for urgent care). */
const SYMPTOM = /[疼痛血肿]/u;
const ASKED = /^(?:吗|么|嘛|不疼|不痛|不肿)/u;

function negatedAt(text: string, start: number): boolean {
  return ZH_NOT.test(text.slice(Math.max(0, start - 3), start)) || EN_NOT.test(text.slice(Math.max(0, start - 24), start));
}

const normalized = new WeakMap<readonly string[], string[]>();

/** An admin's "腫了" or "Bleeding" compared as texts are: simplified, lower-case. Once per list, not per message. */
function comparable(keywords: readonly string[]): string[] {
  let out = normalized.get(keywords);
  if (!out) normalized.set(keywords, out = keywords.map((k) => normalize(k).plain).filter((k) => k !== ''));
  return out;
}

/** The first urgent word the text says un-negated, or undefined. */
export function urgentWord(plain: string, keywords: readonly string[]): string | undefined {
  const text = plain.replace(ERRANDS, ' ');
  for (const word of keywords) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const latin = /^[a-z]/.test(word);
      if (latin && /[a-z]/.test(text[at - 1] ?? '')) continue;
      if (!negatedAt(text, at) && !(SYMPTOM.test(word) && ASKED.test(text.slice(at + word.length)))) return word;
    }
  }
  return undefined;
}

/**
 * After compliance, before anything else and whoever owns the thread: an urgent text is handed to a person flagged
 * 'urgent' (the inbox puts it first) and the customer gets the clinic's phone number and advice at once, at any
 * hour — "we'll reply at 09:00" is no answer to bleeding.
 */
export function urgentStage(ctx: StageContext): StageDecision | null {
  const word = urgentWord(ctx.norm.plain, comparable(ctx.settings.urgentKeywords ?? DEFAULT_URGENT_KEYWORDS));
  if (!word) { ctx.steps.push({ stage: 'urgent', outcome: 'no urgent word' }); return null; }
  ctx.steps.push({ stage: 'urgent', outcome: `urgent ("${word}") → person, with the clinic's phone number` });
  const effects: Effect[] = [{ type: 'handoff', reason: 'urgent' }, { type: 'clear_awaiting' }, { type: 'reply', template: 'urgent_ack' }];
  return { stage: 'urgent', action: 'handoff', params: { reason: 'urgent' }, effects };
}
