import type { ConfigSnapshot } from './config-store';

export interface Change<T> { key: string; before?: T; after?: T; fields?: string[] }
export interface SectionDiff<T> { added: Change<T>[]; removed: Change<T>[]; changed: Change<T>[] }

export interface ConfigDiff {
  rules: SectionDiff<unknown>;
  templates: SectionDiff<unknown>;
  intentPhrases: SectionDiff<unknown>;
  settings: SectionDiff<unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffBy<T extends object>(before: T[], after: T[], keyOf: (item: T) => string): SectionDiff<T> {
  const old = new Map(before.map((x) => [keyOf(x), x] as const));
  const now = new Map(after.map((x) => [keyOf(x), x] as const));
  const out: SectionDiff<T> = { added: [], removed: [], changed: [] };
  for (const [key, a] of now) {
    const b = old.get(key);
    if (!b) { out.added.push({ key, after: a }); continue; }
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !same((a as Record<string, unknown>)[f], (b as Record<string, unknown>)[f]));
    if (fields.length) out.changed.push({ key, before: b, after: a, fields });
  }
  for (const [key, b] of old) if (!now.has(key)) out.removed.push({ key, before: b });
  return out;
}

/** What changed from one saved configuration to another, per section, field by field. */
export function diffConfigs(from: ConfigSnapshot, to: ConfigSnapshot): ConfigDiff {
  const settingsEntries = (s: ConfigSnapshot) => Object.entries(s.settings).map(([key, value]) => ({ key, value }));
  return {
    rules: diffBy(from.rules, to.rules, (r) => r.id),
    templates: diffBy(from.templates, to.templates, (t) => t.key),
    intentPhrases: diffBy(from.intentPhrases, to.intentPhrases, (p) => `${p.intent}: ${p.text}${p.heldOut ? ' (held out)' : ''}`),
    settings: diffBy(settingsEntries(from), settingsEntries(to), (e) => e.key),
  };
}
