import { whenParams } from '../dates/extract-when';
import type { ActionParams } from '../effects';
import { conditionsHold } from './conditions';
import { ruleEffects } from './rule-effects';
import type { StageContext, StageDecision } from './stage';

/**
 * Stage 3: admin keyword rules. Exact beats contains beats regex beats fuzzy, then priority (KeywordMatcher);
 * a rule whose conditions do not hold is as if absent.
 */
export function keywordsStage(ctx: StageContext): StageDecision | null {
  const hit = ctx.ruleset.compiled.matcher.match(ctx.norm.original, ctx.key, (rule) => conditionsHold(rule, ctx));
  if (!hit) { ctx.steps.push({ stage: 'keywords', outcome: 'no rule matched' }); return null; }
  const { rule } = hit;
  const params: ActionParams = {};
  if (rule.action === 'appointment.reschedule' || rule.action === 'appointment.book') Object.assign(params, whenParams(ctx));
  if (rule.action === 'handoff') params.reason = 'rule';
  ctx.steps.push({ stage: 'keywords', outcome: `rule ${rule.id} "${rule.name}" (${hit.kind} "${hit.pattern}") → ${rule.action}` });
  return {
    stage: 'keywords', action: rule.action, params: { ...params }, effects: ruleEffects(rule, params, ctx),
    ruleId: rule.id, ruleName: rule.name,
  };
}
