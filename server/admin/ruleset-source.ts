import type { EntityManager } from 'typeorm';
import type { RuleDef, RulesetSource, Settings } from '../../rules/types';
import { IntentPhraseRow, RuleRow, SettingRow, TemplateRow } from '../db/entities';
import { selectRows } from '../db/select-rows';

/** The settings row that counts ruleset saves: every node compares it before each message and recompiles on change. */
export const RULESET_VERSION_KEY = 'ruleset_version';
export const BOT_SETTINGS_KEY = 'bot_settings';

export function ruleRowToDef(row: RuleRow): RuleDef {
  return {
    id: String(row.id), name: row.name, enabled: row.enabled, priority: row.priority,
    match: { kind: row.matchKind, patterns: row.patterns }, action: row.action,
    ...(row.conditions ? { conditions: row.conditions } : {}),
    ...(row.reply ? { reply: row.reply } : {}),
    ...(row.replyTemplate ? { replyTemplate: row.replyTemplate } : {}),
    ...(row.addTags?.length ? { addTags: row.addTags } : {}),
  };
}

/** Hand-written: other requests read it too (the assignment cap, reports' time zone), and findOneBy builds its SQL each time. */
export async function readRulesetVersion(em: EntityManager): Promise<string> {
  const [row] = await selectRows(em, SettingRow, `${em.connection.driver.escape('key')} = ?`, [RULESET_VERSION_KEY]);
  return rulesetVersionOf(row?.value);
}

/** The version setting's stored value as a version (none stored yet: '0'). */
export const rulesetVersionOf = (value: unknown): string => (value === undefined || value === null ? '0' : String(value));

export async function loadRulesetSource(em: EntityManager): Promise<RulesetSource> {
  const [rules, templates, phrases, settingsRow, version] = await Promise.all([
    em.find(RuleRow, { order: { id: 'ASC' } }),
    em.find(TemplateRow, { order: { id: 'ASC' } }),
    em.find(IntentPhraseRow, { order: { id: 'ASC' } }),
    em.findOneBy(SettingRow, { key: BOT_SETTINGS_KEY }),
    readRulesetVersion(em),
  ]);
  if (!settingsRow) throw new Error('Bot settings are missing: the database was not seeded');
  return {
    version,
    rules: rules.map(ruleRowToDef),
    templates: templates.map((t) => ({
      key: t.key, bodies: t.bodies, ...(t.menu ? { menu: t.menu } : {}), ...(t.menuTtlMinutes ? { menuTtlMinutes: t.menuTtlMinutes } : {}),
    })),
    intentPhrases: phrases.map((p) => ({ intent: p.intent, text: p.text, ...(p.heldOut ? { heldOut: true } : {}) })),
    settings: settingsRow.value as Settings,
  };
}

/** Marks the configuration as changed; called in the same transaction as any admin edit. */
export async function bumpRulesetVersion(em: EntityManager): Promise<string> {
  const next = String(Number(await readRulesetVersion(em)) + 1);
  await em.save(SettingRow, { key: RULESET_VERSION_KEY, value: next });
  return next;
}
