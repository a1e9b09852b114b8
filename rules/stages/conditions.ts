import type { RuleDef } from '../types';
import { businessStatus } from '../dates/business-hours';
import type { StageContext } from './stage';

/** A rule's conditions, all of which must hold. Business hours are read only when a rule asks. */
export function conditionsHold(rule: RuleDef, ctx: StageContext): boolean {
  const c = rule.conditions;
  if (!c) return true;
  if (c.awaitingMenu && ctx.live?.awaiting.menu !== c.awaitingMenu) return false;
  if (c.tagsAny && c.tagsAny.length > 0 && !c.tagsAny.some((t) => ctx.input.contact.tags.includes(t))) return false;
  if (c.businessHours) {
    const open = businessStatus(ctx.settings, ctx.now).open;
    if ((c.businessHours === 'open') !== open) return false;
  }
  return true;
}
