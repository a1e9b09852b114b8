import type { EntityManager } from 'typeorm';
import type { RuleDef, TemplateDef } from '../../rules/types';
import { IntentPhraseRow, RuleRow, SettingRow, TemplateRow } from '../db/entities';
import type { ConfigSnapshot } from './config-store';
import { BOT_SETTINGS_KEY } from './ruleset-source';

/** A rule as its row's columns (the inverse of ruleRowToDef), without the id. */
export function ruleColumns(rule: Omit<RuleDef, 'id'>): Partial<RuleRow> {
  return {
    name: rule.name, enabled: rule.enabled, priority: rule.priority, matchKind: rule.match.kind, patterns: rule.match.patterns,
    action: rule.action, conditions: rule.conditions ?? null, reply: rule.reply ?? null, replyTemplate: rule.replyTemplate ?? null,
    addTags: rule.addTags?.length ? rule.addTags : null,
  };
}

export function templateColumns(t: TemplateDef): Partial<TemplateRow> {
  return { key: t.key, bodies: t.bodies, menu: t.menu ?? null, menuTtlMinutes: t.menuTtlMinutes ?? null };
}

/**
 * Replaces the whole configuration (rollback, import). Rule ids are kept when they are numbers, so a rolled-back
 * rule is the same rule to the inbox's "why did the bot say this" links; other ids (a hand-written import) get new ones.
 */
export async function replaceConfigRows(em: EntityManager, snapshot: ConfigSnapshot): Promise<void> {
  // DELETE, not TRUNCATE: MySQL's TRUNCATE commits implicitly and would break the all-or-nothing save.
  for (const table of [RuleRow, TemplateRow, IntentPhraseRow]) await em.createQueryBuilder().delete().from(table).execute();
  for (const rule of snapshot.rules) {
    const id = /^\d+$/.test(rule.id) ? Number(rule.id) : undefined;
    await em.insert(RuleRow, { ...(id ? { id } : {}), ...ruleColumns(rule) });
  }
  for (const t of snapshot.templates) await em.insert(TemplateRow, templateColumns(t));
  const phrases = snapshot.intentPhrases.map((p) => ({ intent: p.intent, text: p.text, heldOut: !!p.heldOut }));
  for (let i = 0; i < phrases.length; i += 200) await em.insert(IntentPhraseRow, phrases.slice(i, i + 200));
  await em.save(SettingRow, { key: BOT_SETTINGS_KEY, value: snapshot.settings });
}
