import type { ContactAttribute } from '../../db/entities';
import { HttpError } from '../../http/errors';

/** The columns an import understands besides the custom attributes. */
export const CONTACT_FIELDS = ['phone', 'name', 'tags', 'consent', 'locale', 'timezone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/**
 * Columns an export writes that an import reads past: they describe what happened (times, activity), which an import
 * cannot change, so a file exported and imported back passes without a mapping.
 */
export const EXPORT_ONLY_COLUMNS = ['marketing_consent_at', 'opted_out_at', 'created_at', 'last_activity_at'] as const;

/** Where each cell of a row goes: a contact field, a custom attribute, or nowhere. */
export type ColumnTarget = { field: ContactField } | { attribute: ContactAttribute } | null;

/**
 * The header (line 1) read through the caller's mapping (header → field or attribute key; "" ignores that column).
 * Names match case-insensitively. Refused with a 400 before anything is written: no phone column, a name that is
 * neither a field nor an attribute (named, so the admin can map or drop it), or two columns for one field.
 */
export function resolveColumns(header: string[], mapping: Record<string, string>, attributes: ContactAttribute[]): ColumnTarget[] {
  const attributesByKey = new Map(attributes.map((a) => [a.key.toLowerCase(), a]));
  const mapped = new Map(Object.entries(mapping).map(([from, to]) => [from.trim(), to.trim()]));
  const unknown: string[] = [];
  const taken = new Map<string, string>();
  const targets = header.map((raw): ColumnTarget => {
    const name = raw.trim();
    const target = (mapped.get(name) ?? name).toLowerCase();
    if (target === '' || (!mapped.has(name) && (EXPORT_ONLY_COLUMNS as readonly string[]).includes(target))) return null;
    const resolved: ColumnTarget = (CONTACT_FIELDS as readonly string[]).includes(target) ? { field: target as ContactField }
      : attributesByKey.has(target) ? { attribute: attributesByKey.get(target)! } : null;
    if (!resolved) { unknown.push(name || '(blank)'); return null; }
    if (taken.has(target)) throw new HttpError(400, 'duplicate_column', `Columns "${taken.get(target)}" and "${name}" both fill ${target}`, 'mapping');
    taken.set(target, name);
    return resolved;
  });
  if (unknown.length) {
    throw new HttpError(400, 'unknown_columns', `Unknown columns: ${unknown.join(', ')}. Map each to a field or custom attribute with ?mapping= ({"${unknown[0]}":"name"}), or to "" to leave it out`, 'mapping');
  }
  if (!taken.has('phone')) throw new HttpError(400, 'missing_column', 'The file needs a phone column (or a mapping of one to "phone")', 'phone');
  for (const to of mapped.values()) {
    const known = to === '' || (CONTACT_FIELDS as readonly string[]).includes(to.toLowerCase()) || attributesByKey.has(to.toLowerCase());
    if (!known) throw new HttpError(400, 'invalid_field', `mapping: "${to}" is neither a contact field (${CONTACT_FIELDS.join(', ')}) nor a custom attribute`, 'mapping');
  }
  return targets;
}
