import type { Action, ConsentScope, Effect, HandoffReason, Settings } from './types';
import { businessStatus, reopeningLabel } from './dates/business-hours';
import type { WhenPrecision } from './dates/extract-when';

/**
 * Consent replies may reach an opted-out contact: they are the confirmation the law asks for. A marketing-only
 * refusal keeps appointment texts, so a reminder's menu stays answerable.
 */
export function complianceEffects(action: 'opt_out' | 'opt_in' | 'help', scope: ConsentScope = 'all'): Effect[] {
  switch (action) {
    case 'opt_out':
      if (scope === 'marketing') return [{ type: 'opt_out', scope }, { type: 'reply', template: 'opt_out_marketing_confirmation', compliance: true }];
      return [{ type: 'opt_out', scope }, { type: 'reply', template: 'opt_out_confirmation', compliance: true }, { type: 'clear_awaiting' }];
    case 'opt_in': return [{ type: 'opt_in' }, { type: 'reply', template: 'opt_in_confirmation', compliance: true }];
    case 'help': return [{ type: 'reply', template: 'help', compliance: true }];
  }
}

export interface EffectContext { settings: Settings; now: string; timezone: string; input?: { contact: { locale: string } } }

/** The acknowledgement says when a person will answer: now during business hours, else at reopening. */
export function handoffEffects(reason: HandoffReason, ctx: EffectContext): Effect[] {
  const status = businessStatus(ctx.settings, ctx.now, ctx.timezone);
  const reply: Effect = status.open
    ? { type: 'reply', template: 'handoff_ack' }
    : { type: 'reply', template: 'handoff_ack_closed', vars: { reopensAt: reopeningLabel(ctx.now, status, ctx.timezone, ctx.input?.contact.locale ?? 'zh-CN') } };
  return [{ type: 'handoff', reason }, { type: 'clear_awaiting' }, reply];
}

/** A score of 3 or less goes to a person: an unhappy customer deserves a human answer, not a thank-you. */
export function csatEffects(score: number, ctx: EffectContext): Effect[] {
  const recorded: Effect[] = [{ type: 'csat', score }, { type: 'tag', add: [`review_score_${score}`] }];
  if (score > 3) return [...recorded, { type: 'clear_awaiting' }, { type: 'reply', template: 'csat_thanks', vars: { score } }];
  return [...recorded, ...handoffEffects('low_score', ctx)];
}

function namedTime(params: ActionParams): { when?: string; whenPrecision?: WhenPrecision } {
  return params.when ? { when: params.when, ...(params.whenPrecision ? { whenPrecision: params.whenPrecision } : {}) } : {};
}

export interface ActionParams {
  when?: string; whenPrecision?: WhenPrecision; option?: string; score?: number; reason?: HandoffReason; options?: string; scope?: ConsentScope;
}

/**
 * The effects of an action, whichever stage chose it: a menu's "3", a keyword rule and the classifier's
 * "cancel" all cancel the same way.
 */
export function effectsFor(action: Action, params: ActionParams, ctx: EffectContext): Effect[] {
  switch (action) {
    case 'appointment.confirm':
      return [{ type: 'appointment', op: 'confirm' }, { type: 'clear_awaiting' }, { type: 'reply', template: 'appointment_confirmed' }];
    case 'appointment.cancel':
      return [{ type: 'appointment', op: 'cancel' }, { type: 'clear_awaiting' }, { type: 'reply', template: 'appointment_cancelled' }];
    case 'appointment.reschedule':
      return [{ type: 'appointment', op: 'reschedule', ...namedTime(params) }, { type: 'clear_awaiting' }, { type: 'reply', template: 'reschedule_offer' }];
    case 'appointment.book':
      return [{ type: 'appointment', op: 'book', ...namedTime(params) }];
    case 'slot.choose':
      return [{ type: 'appointment', op: 'choose_slot', option: params.option }, { type: 'clear_awaiting' }, { type: 'reply', template: 'appointment_rescheduled' }];
    case 'csat.record':
      return params.score === undefined ? [] : csatEffects(params.score, ctx);
    case 'opt_out': case 'opt_in': case 'help':
      return complianceEffects(action, params.scope);
    case 'handoff':
      return handoffEffects(params.reason ?? 'requested', ctx);
    case 'clarify':
      return [{ type: 'reply', template: 'menu_clarify', vars: { options: params.options ?? '' } }];
    // Which appointment is a fact: rules/appointments/outcome.ts asks about it when the facts are there.
    case 'faq': case 'ack': case 'ignore': case 'appointment.check':
      return [];
  }
}
