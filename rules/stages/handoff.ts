import { handoffEffects } from '../effects';
import type { StageContext, StageDecision } from './stage';

/** Stage 5: nothing was confident enough to act on, so a person reads it. Always decides. */
export function handoffStage(ctx: StageContext): StageDecision {
  const reason = ctx.fallback?.reason ?? 'no_match';
  ctx.steps.push({ stage: 'handoff', outcome: `${reason}: ${ctx.fallback?.why ?? 'nothing understood the text'}` });
  return { stage: 'handoff', action: 'handoff', params: { reason }, effects: handoffEffects(reason, ctx) };
}
