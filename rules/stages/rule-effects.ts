import type { Effect, RuleDef } from '../types';
import { effectsFor, type ActionParams, type EffectContext } from '../effects';

/**
 * A rule's tags come first: a rule may tag and answer, or only tag (action 'ack', no reply). A rule's own reply
 * replaces the action's default reply; everything else the action does stays. A FAQ rule is nothing but its reply.
 */
export function ruleEffects(rule: RuleDef, params: ActionParams, ctx: EffectContext): Effect[] {
  const tags: Effect[] = rule.addTags?.length ? [{ type: 'tag', add: rule.addTags }] : [];
  return [...tags, ...ownEffects(rule, params, ctx)];
}

function ownEffects(rule: RuleDef, params: ActionParams, ctx: EffectContext): Effect[] {
  const own: Effect | undefined = rule.reply !== undefined
    ? { type: 'reply_text', ruleId: rule.id, text: rule.reply }
    : rule.replyTemplate ? { type: 'reply', template: rule.replyTemplate } : undefined;
  if (rule.action === 'faq') return own ? [own] : [];
  const effects = effectsFor(rule.action, params, ctx);
  if (!own) return effects;
  const replyAt = effects.findIndex((e) => e.type === 'reply' && !e.compliance);
  return replyAt < 0 ? [...effects, own] : effects.map((e, i) => (i === replyAt ? own : e));
}
