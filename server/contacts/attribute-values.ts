import type { EntityManager } from 'typeorm';
import { isLocalDate } from '../../rules';
import { ContactAttribute } from '../db/entities';
import { badRequest } from '../http/errors';
import type { AttributeValues } from './contacts-contract';

/** What is wrong with `value` as a value of `field`, or null. */
export function attributeProblem(field: Pick<ContactAttribute, 'type' | 'choices'>, value: string | number): string | null {
  switch (field.type) {
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date': return typeof value === 'string' && isLocalDate(value) ? null : 'must be a real date written YYYY-MM-DD';
    case 'choice': return typeof value === 'string' && field.choices?.includes(value) ? null : `must be one of ${(field.choices ?? []).join(', ')}`;
    default: return typeof value === 'string' ? null : 'must be text';
  }
}

/**
 * A value written as text (a CSV cell) as the field stores it, or undefined when it does not fit: numbers become
 * numbers ("1,200" and "1200.5" too), everything else stays text. For imports; the JSON API takes typed values.
 */
export function attributeValueFromText(field: Pick<ContactAttribute, 'type' | 'choices'>, text: string): string | number | undefined {
  const trimmed = text.trim();
  const value = field.type === 'number' && /^-?[\d,]+(\.\d+)?$/.test(trimmed) ? Number(trimmed.replace(/,/g, '')) : trimmed;
  return attributeProblem(field, value) ? undefined : value;
}

export const attributeFields = (em: EntityManager) => em.find(ContactAttribute, { order: { position: 'ASC', id: 'ASC' } });

/**
 * `changes` applied onto `current`, each checked against its field: an unknown key or a value that does not fit is a
 * 400 naming `attributes.<key>`. A null (or blank text) removes the value.
 */
export async function applyAttributeChanges(em: EntityManager, current: AttributeValues | null, changes: Record<string, string | number | null>): Promise<AttributeValues> {
  const fields = new Map((await attributeFields(em)).map((f) => [f.key, f]));
  const next: AttributeValues = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(changes)) {
    const field = fields.get(key);
    if (!field) throw badRequest('invalid_field', `attributes.${key}: there is no contact field "${key}"`, `attributes.${key}`);
    if (value === null || (typeof value === 'string' && !value.trim())) { delete next[key]; continue; }
    const problem = attributeProblem(field, typeof value === 'string' ? value.trim() : value);
    if (problem) throw badRequest('invalid_field', `attributes.${key}: ${problem}`, `attributes.${key}`);
    next[key] = typeof value === 'string' ? value.trim() : value;
  }
  return next;
}
