import { diffConfigs, type SectionDiff } from './config-diff';
import type { ConfigSnapshot } from './config-store';
import type { FieldChange, VersionChange } from './version-contract';

const MAX_TEXT = 300;

/** A value as an admin reads it: text as is, lists joined, anything nested as compact JSON; long text cut. */
function display(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = typeof value === 'string' ? value
    : Array.isArray(value) && value.every((v) => typeof v !== 'object') ? value.join(', ')
    : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** Nested objects one level down as dotted fields (match.patterns, bodies.en), so a change names what moved. */
function flatten(item: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!item || typeof item !== 'object') return out;
  for (const [k, v] of Object.entries(item)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = v2;
    else out[k] = v;
  }
  return out;
}

function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const [b, a] = [flatten(before), flatten(after)];
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((f) => f !== 'id' && JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: display(b[field]), after: display(a[field]) }));
}

const NAMERS: Record<VersionChange['section'], (item: Record<string, unknown> | undefined, key: string) => string> = {
  rules: (rule, key) => (typeof rule?.name === 'string' && rule.name ? rule.name : key),
  templates: (_t, key) => key,
  intentPhrases: (p, key) => (p ? `${String(p.intent)}: ${String(p.text)}` : key),
  settings: (_s, key) => key,
};

/** Every item one save added, removed or changed, named and field by field; settings read as their value. */
export function versionChanges(from: ConfigSnapshot, to: ConfigSnapshot): VersionChange[] {
  const diff = diffConfigs(from, to);
  const out: VersionChange[] = [];
  for (const section of Object.keys(NAMERS) as Array<VersionChange['section']>) {
    const part = diff[section] as SectionDiff<Record<string, unknown>>;
    for (const kind of ['added', 'removed', 'changed'] as const) {
      for (const c of part[kind]) {
        const item = c.after ?? c.before;
        // A setting is its own field (timezone, businessHours.1); a rule or template lists fields only when changed.
        const asFields = (x: Record<string, unknown> | undefined) => (section === 'settings' && x ? { [c.key]: x.value } : x);
        const fields = kind === 'changed' || section === 'settings' ? fieldChanges(asFields(c.before), asFields(c.after)) : [];
        out.push({ section, kind, key: c.key, name: NAMERS[section](item, c.key), fields });
      }
    }
  }
  return out;
}
