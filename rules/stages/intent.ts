import { SIDE_EFFECTING_ACTIONS, type Action, type IntentScore } from '../types';
import { classify } from '../intent/classifier';
import { isIntentName, meaningOf, type IntentName } from '../intent/intents';
import { anchored, asksAboutCancellation, hedged, negates } from '../intent/negation';
import { shortReply } from '../intent/lexicon';
import { whenParams } from '../dates/extract-when';
import { parseChoice } from '../text/choice';
import { effectsFor, type ActionParams } from '../effects';
import { conditionsHold } from './conditions';
import { ruleEffects } from './rule-effects';
import { optOutScope } from './compliance';
import { questionAfterClause } from './question-after';
import type { StageContext, StageDecision } from './stage';

/** Gratitude is politeness, not intent: "确认预约，谢谢提醒" is a confirmation. */
const THANKS = new RegExp('(?:非常|十分)?(?:谢谢|谢了|多谢|感谢)(?:你们|您|你|提醒|医生|啦|了)?|辛苦了'
  + '|\\b(?:thanks|thank you|thx|cheers)\\b(?: (?:so much|a lot|very much))?'
  + '(?: for (?:the|your) (?:reminder|message|text|info|heads up)| for letting me know)?', 'gu');

/** SMS shorthand, expanded only inside longer messages: a lone "r" or "k" means something else. */
const SHORTHAND: Record<string, string> = {
  u: 'you', ur: 'your', pls: 'please', plz: 'please', thx: 'thanks', ty: 'thanks', cu: 'see you', k: 'ok',
  tmr: 'tomorrow', tmrw: 'tomorrow', appt: 'appointment',
};

function expandShorthand(text: string): string {
  const words = text.split(' ');
  if (words.length < 2) return text;
  return words.map((w) => SHORTHAND[w] ?? w).join(' ');
}

interface ActionGroup { action: Action; score: number; members: IntentScore[] }

function menuActionsOf(ctx: StageContext): Action[] {
  return ctx.live?.options.map((o) => o.action) ?? [];
}

/**
 * Scores per action in this context: "好的" (ack) and "确认" (confirm) both confirm a reminder, so they add up
 * rather than split the vote; the margin is then measured between different outcomes, which is what matters.
 */
function groupByAction(ranked: IntentScore[], menuActions: Action[]): ActionGroup[] {
  const groups = new Map<Action, ActionGroup>();
  for (const s of ranked) {
    if (!isIntentName(s.name)) continue;
    const action = meaningOf(s.name, menuActions).action;
    const g = groups.get(action) ?? { action, score: 0, members: [] };
    g.score += s.score;
    g.members.push(s);
    groups.set(action, g);
  }
  return [...groups.values()].sort((a, b) => b.score - a.score);
}

function giveUp(ctx: StageContext, reason: 'no_match' | 'low_confidence', why: string): null {
  ctx.fallback = { reason, why };
  ctx.steps.push({ stage: 'intent', outcome: why });
  return null;
}

/**
 * Stage 4: the classifier. Acted on only when the best action clears the threshold and leads the runner-up by
 * the margin, when the text says it in so many words (an anchor), does not negate it ("别取消" is never a
 * cancel) and does not hedge ("不确定") before anything is changed.
 */
export function intentStage(ctx: StageContext): StageDecision | null {
  if (asksAboutCancellation(ctx.norm.plain)) return giveUp(ctx, 'no_match', 'a question about a cancellation asks what happened: a person answers, nothing is cancelled');
  const core = expandShorthand(ctx.norm.text).replace(THANKS, ' , ').replace(/[\s,]+/g, ' ').trim();
  if (core === '' && ctx.norm.text !== '') return act(ctx, { name: 'thanks', score: 1 }, 'thanks only');
  const short = shortReply(core.replace(/ ?\? ?/g, ' ').trim());
  if (short) return act(ctx, { name: short, score: 1 }, `short reply "${core}" is ${short}`);
  if (parseChoice(ctx.norm.plain) !== null) return giveUp(ctx, 'no_match', 'a bare choice with no live menu to bind it to');
  const result = classify(ctx.ruleset.compiled.model, core);
  const [top, next] = groupByAction(result.ranked, menuActionsOf(ctx));
  if (!top) return giveUp(ctx, 'no_match', 'no word the classifier knows');
  const best = top.members[0];
  const intent = { name: best.name, score: top.score, ...(next ? { runnerUp: { name: next.members[0].name, score: next.score } } : {}) };
  ctx.intentSeen = intent;
  const { intentThreshold, intentMargin } = ctx.settings;
  const scores = `${top.action} ${top.score.toFixed(2)} (${best.name}), runner-up ${next ? `${next.action} ${next.score.toFixed(2)}` : 'none'}`;
  if (top.score < intentThreshold || top.score - (next?.score ?? 0) < intentMargin) {
    return giveUp(ctx, 'low_confidence', `unsure: ${scores} (needs ${intentThreshold} and a lead of ${intentMargin})`);
  }
  const names = top.members.map((m) => m.name as IntentName);
  if (!names.some((n) => anchored(n, result.tokens, ctx.appointmentMenuLive))) {
    return giveUp(ctx, 'low_confidence', `${scores}, but nothing in the text says ${best.name} in so many words`);
  }
  if (names.some((n) => negates(ctx.norm.plain, n))) return giveUp(ctx, 'low_confidence', `${scores}, but the text negates ${best.name}`);
  // A hedged reply must neither change anything nor be acknowledged in silence: a person answers it.
  const hedge = SIDE_EFFECTING_ACTIONS.includes(top.action) || top.action === 'ack' ? hedged(result.tokens, ctx.norm.plain) : undefined;
  if (hedge) return giveUp(ctx, 'low_confidence', `${scores}, but ${hedge}`);
  return act(ctx, intent, scores);
}

/** Actions whose own reply answers the customer, so a question that follows them goes to a person without an ack. */
const ASKS_AFTER = new Set<Action>(['appointment.confirm', 'appointment.cancel', 'appointment.reschedule', 'appointment.book']);

/** Turns a confident intent into an action in this context; an admin rule of kind 'intent' may take it over. */
function act(ctx: StageContext, intent: IntentScore & { runnerUp?: IntentScore }, why: string): StageDecision {
  const name = intent.name as IntentName;
  const meaning = meaningOf(name, menuActionsOf(ctx));
  const params: ActionParams = meaning.reason ? { reason: meaning.reason } : {};
  const rule = ctx.ruleset.compiled.intentRules.find((r) => r.match.patterns.includes(name) && conditionsHold(r, ctx));
  const action = rule?.action ?? meaning.action;
  if (action === 'appointment.reschedule' || action === 'appointment.book') Object.assign(params, whenParams(ctx));
  if (rule && action === 'handoff') params.reason = 'rule';
  if (action === 'opt_out') params.scope = ctx.input.contact.optedOut ? 'all' : optOutScope(ctx.norm.plain);
  const question = ASKS_AFTER.has(action) && !rule ? questionAfterClause(ctx.norm.text) : undefined;
  if (question) { params.reason = 'question'; ctx.steps.push({ stage: 'intent', outcome: `a question follows ("${question}") → a person answers it` }); }
  const options = action === 'clarify' ? ctx.live?.options.map((o) => o.key).join('/') : undefined;
  ctx.steps.push({ stage: 'intent', outcome: `${why} → ${action}${rule ? ` via rule ${rule.id}` : ''}` });
  return {
    stage: 'intent', action, params: { ...params }, intent,
    effects: rule ? ruleEffects(rule, params, ctx) : effectsFor(action, { ...params, options }, ctx),
    ...(rule ? { ruleId: rule.id, ruleName: rule.name } : {}),
  };
}
