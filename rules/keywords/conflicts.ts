import type { RuleConflict, RuleDef } from '../types';
import { matchCompliance, optOutPhrase } from '../stages/compliance';
import { matchKey } from './matcher';

function overlap(a: RuleDef, b: RuleDef): boolean {
  const ca = a.conditions ?? {};
  const cb = b.conditions ?? {};
  if (ca.awaitingMenu && cb.awaitingMenu && ca.awaitingMenu !== cb.awaitingMenu) return false;
  if (ca.businessHours && cb.businessHours && ca.businessHours !== cb.businessHours) return false;
  return true;
}

function sameOutcome(a: RuleDef, b: RuleDef): boolean {
  return a.action === b.action && a.reply === b.reply && a.replyTemplate === b.replyTemplate;
}

/** A pattern that every matching message would already be a consent keyword for: the rule can never fire. */
function complianceConflict(rule: RuleDef, raw: string): RuleConflict | null {
  if (rule.match.kind === 'regex' || rule.match.kind === 'intent') return null;
  const key = matchKey(raw);
  if (!key) return null;
  // A contains pattern is shadowed only when every message holding it opts out; "td" inside a word does not.
  const hit = rule.match.kind === 'contains'
    ? (optOutPhrase(key) ? { action: 'opt_out', how: 'phrase' } : null)
    : matchCompliance(key, false, false);
  if (!hit) return null;
  return {
    ruleId: rule.id, otherRuleId: null, pattern: raw,
    message: hit.how === 'cancel-word'
      ? `"${raw}" alone is answered by the compliance stage outside an appointment menu (it asks: cancel the visit, or stop texts?), so this rule never fires there`
      : `"${raw}" is a consent keyword (${hit.action}); compliance answers it before any rule, so this rule never fires`,
  };
}

function groupKey(rule: RuleDef, raw: string): string {
  const kind = rule.match.kind;
  return `${kind}\u0000${kind === 'regex' || kind === 'intent' ? raw : matchKey(raw)}`;
}

/**
 * Conflicts the admin editor rejects at save time: two rules claiming the same pattern the same way with
 * different outcomes (only one can ever answer), and rules shadowed by the compliance keywords (otherRuleId null).
 */
export function findConflicts(rules: RuleDef[]): RuleConflict[] {
  const out: RuleConflict[] = [];
  const seen = new Map<string, RuleDef[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const raw of rule.match?.patterns ?? []) {
      const c = complianceConflict(rule, raw);
      if (c) out.push(c);
      const key = groupKey(rule, raw);
      const earlier = seen.get(key) ?? [];
      for (const other of earlier) {
        if (other.id === rule.id || !overlap(rule, other) || sameOutcome(rule, other)) continue;
        const order = rule.priority === other.priority
          ? 'with equal priority, the older rule answers'
          : `rule ${rule.priority > other.priority ? rule.id : other.id} wins on priority`;
        const message = `"${raw}" is also a ${rule.match.kind} pattern of rule ${other.id} "${other.name}" with a different outcome; ${order}`;
        out.push({ ruleId: rule.id, otherRuleId: other.id, pattern: raw, message });
      }
      seen.set(key, [...earlier, rule]);
    }
  }
  return out;
}
