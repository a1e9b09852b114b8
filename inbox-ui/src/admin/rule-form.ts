import type { RuleDef, RuleEdit, RuleInput } from './admin-api';

/** The rule editor's form: patterns as one per line, optional parts as empty strings. */
export interface RuleForm {
  id: string | null;
  name: string; enabled: boolean; priority: number;
  kind: RuleDef['match']['kind']; patterns: string;
  action: RuleDef['action']; replyKind: 'text' | 'template' | 'none'; reply: string; replyTemplate: string;
  businessHours: '' | 'open' | 'closed'; awaitingMenu: string; tagsAny: string;
  /** Tags the contact gets when the rule matches ("WANT100" → want100), comma separated. */
  addTags: string;
}


export function emptyForm(): RuleForm {
  return { id: null, name: '', enabled: true, priority: 0, kind: 'exact', patterns: '', action: 'faq', replyKind: 'text', reply: '', replyTemplate: '', businessHours: '', awaitingMenu: '', tagsAny: '', addTags: '' };
}

export function formOf(rule: RuleDef): RuleForm {
  return {
    id: rule.id, name: rule.name, enabled: rule.enabled, priority: rule.priority, kind: rule.match.kind, patterns: rule.match.patterns.join('\n'),
    action: rule.action, replyKind: rule.reply !== undefined ? 'text' : rule.replyTemplate !== undefined ? 'template' : 'none',
    reply: rule.reply ?? '', replyTemplate: rule.replyTemplate ?? '',
    businessHours: rule.conditions?.businessHours ?? '', awaitingMenu: rule.conditions?.awaitingMenu ?? '', tagsAny: (rule.conditions?.tagsAny ?? []).join(', '),
    addTags: (rule.addTags ?? []).join(', '),
  };
}

const split = (s: string, by: RegExp) => s.split(by).map((x) => x.trim()).filter(Boolean);

/** The JSON the REST API and the simulator's draft take. */
export function ruleOf(form: RuleForm): RuleInput {
  const tags = split(form.tagsAny, /[,，]/);
  const conditions = {
    ...(form.businessHours ? { businessHours: form.businessHours } : {}),
    ...(form.awaitingMenu ? { awaitingMenu: form.awaitingMenu } : {}),
    ...(tags.length ? { tagsAny: tags } : {}),
  };
  return {
    name: form.name, enabled: form.enabled, priority: Number(form.priority) || 0,
    match: { kind: form.kind, patterns: split(form.patterns, /\n/) }, action: form.action,
    ...(Object.keys(conditions).length ? { conditions } : {}),
    ...(form.replyKind === 'text' ? { reply: form.reply } : {}),
    ...(form.replyKind === 'template' ? { replyTemplate: form.replyTemplate } : {}),
    ...(split(form.addTags, /[,，]/).length ? { addTags: split(form.addTags, /[,，]/) } : {}),
  };
}

/** An edit: as ruleOf, and emptied tags say so (null clears them; an absent field would keep the old ones). */
export function ruleEditOf(form: RuleForm): RuleEdit {
  const rule = ruleOf(form);
  return rule.addTags ? rule : { ...rule, addTags: null };
}
