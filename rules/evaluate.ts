import type { Decision, EvaluateInput, Trace } from './types';
import type { Ruleset } from './ruleset';
import { normalize } from './text/normalize';
import { squeeze } from './keywords/matcher';
import { complianceStage } from './stages/compliance';
import { awaitingReplyStage, handOnQuestion } from './stages/awaiting-reply';
import { keywordsStage } from './stages/keywords';
import { intentStage } from './stages/intent';
import { handoffStage } from './stages/handoff';
import { urgentStage } from './stages/urgent';
import { greetingStage } from './stages/greeting';
import { campaignReplyStage, liveCampaign } from './stages/campaign-reply';
import { replyScript } from './templates/script';
import { decideWithFacts } from './appointments/outcome';
import { strayMenuAnswer } from './appointments/stray-answer';
import type { StageContext, StageDecision } from './stages/stage';

const APPOINTMENT_ACTIONS = new Set(['appointment.confirm', 'appointment.cancel', 'appointment.reschedule', 'slot.choose']);
const CONSENT_ACTIONS = new Set(['opt_out', 'opt_in', 'help']);

function context(ruleset: Ruleset, input: EvaluateInput): StageContext {
  const settings = ruleset.source.settings;
  const norm = normalize(input.text);
  const awaiting = input.conversation.awaiting;
  const template = awaiting ? ruleset.compiled.templates.get(awaiting.menu)?.def : undefined;
  const options = template?.menu?.filter((o) => awaiting!.options.includes(o.key)) ?? [];
  const live = awaiting && template && options.length > 0 && Date.parse(input.now) <= Date.parse(awaiting.expiresAt) ? { awaiting, template, options } : undefined;
  return {
    ruleset, settings, input, norm, key: squeeze(norm.plain), now: input.now,
    timezone: input.timezone || settings.timezone, live,
    appointmentMenuLive: !!live && options.some((o) => APPOINTMENT_ACTIONS.has(o.action)),
    steps: [],
  };
}

function decision(ctx: StageContext, final: StageDecision): Decision {
  const d = handOnQuestion(final);
  const intent = d.intent ?? (d.stage === 'handoff' ? ctx.intentSeen : undefined);
  const trace: Trace = {
    stage: d.stage, original: ctx.norm.original, normalized: ctx.norm.plain,
    rulesetVersion: ctx.ruleset.version, modelVersion: ctx.ruleset.compiled.model.version,
    ...(d.ruleId ? { ruleId: d.ruleId, ruleName: d.ruleName } : {}),
    ...(intent ? { intent } : {}),
    ...(d.menu ? { menu: d.menu } : {}),
    steps: ctx.steps,
  };
  return {
    action: d.action, params: d.params, effects: d.effects, trace,
    ...(d.ruleId ? { ruleId: d.ruleId } : {}),
    ...(intent ? { intent: intent.name, confidence: intent.score } : {}),
    replyScript: replyScript(ctx.input.contact.locale, ctx.norm.traditional),
    ...(d.outcome ? { outcome: d.outcome } : {}),
    ...campaignOf(ctx),
  };
}

/** A live campaign menu, or a booking offer a campaign led to: the text answers that campaign (its stats count it). */
function campaignOf(ctx: StageContext): { campaignId?: number } {
  const campaignId = liveCampaign(ctx)?.campaignId ?? (ctx.live?.awaiting.menu === 'booking_offer' ? ctx.input.facts?.booking?.campaignId : undefined);
  return campaignId === undefined ? {} : { campaignId };
}

/** An opted-out contact gets no bot messages except the consent confirmations themselves. */
function silenceOptedOut(ctx: StageContext, d: StageDecision): StageDecision {
  if (!ctx.input.contact.optedOut || CONSENT_ACTIONS.has(d.action)) return d;
  // A menu that was never sent is not awaited either.
  const effects = d.effects.filter((e) => !(e.type === 'reply' || e.type === 'reply_text' || e.type === 'await_reply') || (e.type === 'reply' && e.compliance));
  if (effects.length !== d.effects.length) ctx.steps.push({ stage: d.stage, outcome: 'contact is opted out: reply dropped' });
  return { ...d, effects };
}

/**
 * Only the awaiting-reply stage: the menu choice a text makes, if any. Lets a comparison (scripts/bench) give
 * another understander exactly the same menu handling.
 */
export function menuDecision(ruleset: Ruleset, input: EvaluateInput): Decision | undefined {
  const ctx = context(ruleset, input);
  const menu = awaitingReplyStage(ctx);
  return menu ? decision(ctx, menu) : undefined;
}

/**
 * Decides what a customer's text means and what to do about it. Pure: no I/O, no clock, same input, same output.
 *
 * Stages, first decisive wins, each recording what it saw in trace.steps:
 *   1. compliance      opt-out / opt-in / help keywords; always first, never overridden, even for a human-owned thread.
 *                      A bare 取消/cancel outside an appointment menu asks: the visit, or the texts?
 *   1b. urgent         pain, bleeding, swelling, emergency (settings.urgentKeywords): a person, flagged urgent, and the
 *                      clinic's phone number at once, at any hour and whoever owns the thread.
 *   2. awaiting-reply  a choice from the menu actually sent (not expired); off-menu choices ask again, never guess.
 *                      A campaign's reply menu maps its keys to the campaign's actions (stages/campaign-reply.ts);
 *                      anything else goes on to the usual stages, and the decision names the campaign either way.
 *                      Answered even while a person owns the conversation: the system asked the question.
 *   2b. stray answer   "1"/"确认" with no menu open: ask about the one upcoming appointment, or which one, or help.
 *   3. (human)         a person owns the conversation: stop with 'ignore'; the trace keeps what the bot would have done.
 *   3b. greeting       a wordless first text ("👋"): a greeting with what the bot can do.
 *   4. keywords        admin rules: exact beats contains beats regex beats fuzzy, then priority.
 *   5. intent          the classifier, only when score ≥ threshold AND lead over the runner-up ≥ margin, not negated.
 *   6. handoff         nothing confident: a person takes over, with an acknowledgement.
 */
export function evaluate(ruleset: Ruleset, input: EvaluateInput): Decision {
  const ctx = context(ruleset, input);
  const consent = complianceStage(ctx);
  if (consent) return decision(ctx, consent);
  const urgent = urgentStage(ctx);
  if (urgent) return decision(ctx, silenceOptedOut(ctx, urgent));
  const menu = liveCampaign(ctx) ? campaignReplyStage(ctx) : awaitingReplyStage(ctx);
  // Menus are sent by the system (a reminder, a slot offer, a survey), so the bot answers them even in a person's
  // thread: the customer was told "reply 1". The thread stays the person's, and anything else waits for them.
  if (menu && input.conversation.handledBy === 'human') {
    ctx.steps.push({ stage: 'human', outcome: `a person owns this conversation; the bot answers the ${menu.menu?.name ?? ''} menu it sent` });
    return decision(ctx, silenceOptedOut(ctx, decideWithFacts(ctx, menu)));
  }
  const bot = menu ?? strayMenuAnswer(ctx) ?? greetingStage(ctx) ?? keywordsStage(ctx) ?? intentStage(ctx) ?? handoffStage(ctx);
  if (input.conversation.handledBy === 'human') {
    ctx.steps.push({ stage: 'human', outcome: `a person owns this conversation; the bot would have chosen ${bot.action} (${bot.stage})` });
    const human = decision(ctx, { stage: 'human', action: 'ignore', params: {}, effects: [] });
    human.trace.botWouldHave = {
      stage: bot.stage, action: bot.action, params: bot.params,
      ...(bot.ruleId ? { ruleId: bot.ruleId } : {}), ...(bot.intent ? { intent: bot.intent.name } : {}),
    };
    return human;
  }
  return decision(ctx, silenceOptedOut(ctx, decideWithFacts(ctx, bot)));
}
