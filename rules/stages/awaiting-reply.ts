import type { MenuOption } from '../types';
import { parseChoice } from '../text/choice';
import { parseScore } from '../text/score';
import { NONE_OF_THESE, parseOrdinal, wholeOrdinal } from '../text/ordinal';
import { whenParams } from '../dates/extract-when';
import { effectsFor, handoffEffects, type ActionParams } from '../effects';
import { keywordCore } from './compliance';
import { CANCEL_WORDS } from './compliance-words';
import { asksAboutCancellation } from '../intent/negation';
import { clauses, isQuestion } from './question-after';
import type { StageContext, StageDecision } from './stage';

const CANCEL = new Set(CANCEL_WORDS);

/** "D" on a 1/2/3/0 menu is a mistyped choice; "Y" is a yes, which later stages read. */
function looksLikeChoice(key: string, offered: MenuOption[]): boolean {
  if (/^\d+$/.test(key)) return true;
  return /^[A-H]$/.test(key) && (offered.some((o) => /^[A-Z]$/.test(o.key)) || /^[A-E]$/.test(key));
}

/** A choice is bare by construction ("回复2", "2 谢谢"), so it never carries a time; named times come later. */
function choose(ctx: StageContext, option: MenuOption, how: string): StageDecision {
  const params: ActionParams = {};
  if (option.action === 'slot.choose') params.option = option.key;
  if (option.action === 'csat.record') params.score = Number(option.key);
  if (option.action === 'handoff') params.reason = 'requested';
  if (option.action === 'opt_out') params.scope = 'all';
  const menu = ctx.live!.awaiting.menu;
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `${menu}: option ${option.key} → ${option.action} (${how})` });
  return {
    stage: 'awaiting-reply', action: option.action, params: { ...params },
    effects: effectsFor(option.action, params, ctx), menu: { name: menu, option: option.key },
  };
}

/**
 * A number or letter that is not on the menu never guesses: the customer is asked again (menu_clarify, the menu
 * stays open) because acting on a misread reply — cancelling an appointment — costs more than one more text.
 */
function clarify(ctx: StageContext, offered: MenuOption[], key: string): StageDecision {
  const options = offered.map((o) => o.key).join('/');
  const menu = ctx.live!.awaiting.menu;
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `${menu}: "${key}" is not one of ${options} → clarify` });
  return { stage: 'awaiting-reply', action: 'clarify', params: { option: key }, effects: effectsFor('clarify', { options }, ctx), menu: { name: menu } };
}

/** A survey reply: "4", "四", "4分", "打4分吧护士很好", "十分满意", "4 stars". */
function surveyReply(ctx: StageContext, offered: MenuOption[]): StageDecision | null {
  const reading = parseScore(ctx.norm.text);
  if (!reading) return null;
  if ('outOfRange' in reading) return clarify(ctx, offered, String(reading.outOfRange));
  const option = offered.find((o) => o.key === String(reading.score));
  return option ? choose(ctx, option, 'score') : clarify(ctx, offered, String(reading.score));
}

/**
 * Stage 2: the conversation waits for an answer to a menu that was actually sent. Only choices bound to that
 * menu act; an expired menu never turns a bare number into an action.
 * @example "回复2" to appointment_reminder → appointment.reschedule
 */
export function awaitingReplyStage(ctx: StageContext): StageDecision | null {
  const awaiting = ctx.input.conversation.awaiting;
  if (!awaiting) { ctx.steps.push({ stage: 'awaiting-reply', outcome: 'no menu awaiting' }); return null; }
  if (!ctx.live) {
    const why = Date.parse(ctx.now) > Date.parse(awaiting.expiresAt) ? `menu ${awaiting.menu} expired at ${awaiting.expiresAt}` : `menu ${awaiting.menu} is not a template with a menu`;
    ctx.steps.push({ stage: 'awaiting-reply', outcome: why });
    return null;
  }
  const offered = ctx.live.options;
  if (offered.length > 0 && offered.every((o) => o.action === 'csat.record')) {
    const survey = surveyReply(ctx, offered);
    if (survey) return survey.action === 'csat.record' ? withQuestion(ctx, survey, clauses(ctx.norm.text).rest) : survey;
  }
  const key = parseChoice(ctx.norm.plain);
  if (key !== null) {
    const option = offered.find((o) => o.key === key);
    if (option) return choose(ctx, option, 'choice');
    if (looksLikeChoice(key, offered)) return clarify(ctx, offered, key);
  }
  const answered = choiceAndQuestion(ctx, offered) ?? digitByPosition(ctx, offered) ?? visitOrTexts(ctx, offered);
  if (answered) return answered;
  if (CANCEL.has(keywordCore(ctx.norm.plain)) && ctx.appointmentMenuLive) return bareCancel(ctx, offered);
  if (offered.some((o) => o.action === 'slot.choose')) {
    const rebook = namedTime(ctx);
    if (rebook) return rebook;
  }
  const positional = byPosition(ctx, offered);
  if (positional) return positional;
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `${awaiting.menu}: not a menu choice` });
  return null;
}

/**
 * The answer is done and the question goes to a person: the decision carries both (params.reason 'question'; the
 * hand-off effect itself is added once the decision is final, see handOnQuestion). The customer gets the answer's
 * reply, not a second acknowledgement.
 */
function withQuestion(ctx: StageContext, d: StageDecision, rest: string): StageDecision {
  if (!isQuestion(ctx, rest) || d.effects.some((e) => e.type === 'handoff')) return d;
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `a question follows the answer ("${rest}") → a person answers it` });
  return { ...d, params: { ...d.params, reason: 'question' } };
}

/** "1，另外想问下洗牙要多久", "2 but also can I ask…": a choice first, then a question. */
function choiceAndQuestion(ctx: StageContext, offered: MenuOption[]): StageDecision | null {
  const { head, rest, byClause } = clauses(ctx.norm.text);
  if (rest === '' || !isQuestion(ctx, rest)) return null;
  // Without a clause mark only a bare key leads: "one question" and "first time here?" are sentences, not answers.
  if (!byClause && !/^(?:\d|[a-z])$/.test(head)) return null;
  const key = parseChoice(head);
  const option = key === null ? undefined : offered.find((o) => o.key === key);
  // "1 or 2?" names two options: that is a question about the menu, not an answer to it.
  if (!option || offered.some((o) => o !== option && new RegExp(`(?:^|[^\\p{L}\\p{N}])${o.key.toLowerCase()}(?![\\p{L}\\p{N}])`, 'u').test(rest))) return null;
  return withQuestion(ctx, choose(ctx, option, 'choice'), rest);
}

/** A decision whose params say a question is waiting also hands the thread to a person, without a second reply. */
export function handOnQuestion(d: StageDecision): StageDecision {
  if (d.params.reason !== 'question' || d.effects.some((e) => e.type === 'handoff')) return d;
  return { ...d, effects: [...d.effects, { type: 'handoff', reason: 'question' }] };
}

/**
 * "the second one", "2nd", "第三个" on a digit menu: read as a digit only where the position and the digit agree
 * (a reminder's 1/2/3 come first, in order), so either reading gives the same answer.
 */
function digitByPosition(ctx: StageContext, offered: MenuOption[]): StageDecision | null {
  if (offered.some((o) => /^[A-Z]$/.test(o.key))) return null;
  const n = wholeOrdinal(ctx.norm.plain);
  const option = n === undefined ? undefined : offered[n - 1];
  return option && option.key === String(n) ? choose(ctx, option, 'position') : null;
}

const VISIT = /预约|看牙|就诊|\b(?:appointment|visit|booking|appt)\b/u;
const TEXTS = /短信|信息|消息|通知|\b(?:texts?|messages?|sms)\b/u;
/** A question is not an answer: "我是问预约怎么取消了" names the visit and asks about it. */
const ASKS = /\?|吗|呢|怎么|为什么|为啥|是不是|\b(?:why|how|what|was|did)\b/u;

/**
 * Answering "cancel the visit (1) or stop texts (2)?" in words: "预约" / "the appointment" is the first, "短信" /
 * "texts" the second; a reply naming both, or neither, is not an answer.
 */
function visitOrTexts(ctx: StageContext, offered: MenuOption[]): StageDecision | null {
  const visit = offered.find((o) => o.action === 'appointment.cancel');
  const texts = offered.find((o) => o.action === 'opt_out');
  if (!visit || !texts || ASKS.test(ctx.norm.plain) || asksAboutCancellation(ctx.norm.plain)) return null;
  const saysVisit = VISIT.test(ctx.norm.plain);
  const saysTexts = TEXTS.test(ctx.norm.plain);
  if (saysVisit === saysTexts) return null;
  return choose(ctx, saysVisit ? visit : texts, 'named in words');
}

/** "第二个" picks the second letter offered; "都不行" picks the menu's way out (0 → a person) when it has one. */
function byPosition(ctx: StageContext, offered: MenuOption[]): StageDecision | null {
  const letters = offered.filter((o) => /^[A-Z]$/.test(o.key));
  if (letters.length === 0) return null;
  if (NONE_OF_THESE.test(ctx.norm.plain)) {
    const out = offered.find((o) => o.action === 'handoff');
    return out ? choose(ctx, out, 'none of these') : null;
  }
  const index = parseOrdinal(ctx.norm.plain, letters.length);
  return index === undefined || !letters[index] ? null : choose(ctx, letters[index], 'position');
}

/**
 * While rebooking, a message that names a time ("都不行，下周二上午可以吗") asks for that time: the conversation is
 * already about moving the appointment, so no verb is needed.
 */
function namedTime(ctx: StageContext): StageDecision | null {
  const params = whenParams(ctx);
  if (!params.when) return null;
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `${ctx.live!.awaiting.menu}: rebooking and a time was named (${params.when}) → appointment.reschedule` });
  return { stage: 'awaiting-reply', action: 'appointment.reschedule', params, effects: effectsFor('appointment.reschedule', params, ctx), menu: { name: ctx.live!.awaiting.menu } };
}

/**
 * "取消" answering a reminder cancels; answering a slot offer it could mean "forget the new times": ask a person.
 * Answering "cancel the visit (1) or stop texts (2)?" with 取消 again answers nothing: ask again.
 */
function bareCancel(ctx: StageContext, offered: MenuOption[]): StageDecision {
  const cancel = offered.find((o) => o.action === 'appointment.cancel');
  if (cancel && offered.some((o) => o.action === 'opt_out')) return clarify(ctx, offered, keywordCore(ctx.norm.plain));
  if (cancel) return choose(ctx, cancel, 'cancel word');
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `${ctx.live!.awaiting.menu}: a bare cancel word is ambiguous here → person` });
  return { stage: 'awaiting-reply', action: 'handoff', params: { reason: 'no_match' }, effects: handoffEffects('no_match', ctx), menu: { name: ctx.live!.awaiting.menu } };
}
