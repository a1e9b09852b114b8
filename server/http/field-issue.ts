import type { z } from 'zod';

/**
 * What is wrong with a field, as data rather than English, so a client can say it in its user's language:
 * `{ code: 'too_small', minimum: 5, origin: 'number', inclusive: true }`. The codes are zod 4's issue codes;
 * `message` travels only with `custom` issues, whose words a schema (or the rules engine) wrote itself. One code is
 * ours: `invalid_regex`, the rules engine's RegexIssue (`{ reason, index?, pattern, construct? }`).
 */
export type FieldIssue = {
  code: string;
  minimum?: number;
  maximum?: number;
  origin?: string;
  inclusive?: boolean;
  expected?: string;
  /** invalid_type, invalid_union: what came instead ('undefined' when the field was left out). */
  received?: string;
  format?: string;
  pattern?: string;
  values?: Array<string | number | boolean | null>;
  keys?: string[];
  message?: string;
  /** invalid_regex (a rule's pattern that does not compile): why, and where in `pattern` (code points from 0). */
  reason?: string;
  index?: number;
  construct?: string;
};

type Issue = z.core.$ZodIssue;
type Primitive = string | number | boolean | null;

/** The parameters of one zod issue a reader needs; `input` is what was parsed, to tell a missing field from a wrong one. */
export function fieldIssue(issue: Issue, input: unknown): FieldIssue {
  switch (issue.code) {
    case 'too_small':
      return { code: issue.code, minimum: Number(issue.minimum), origin: issue.origin, inclusive: issue.inclusive ?? true };
    case 'too_big':
      return { code: issue.code, maximum: Number(issue.maximum), origin: issue.origin, inclusive: issue.inclusive ?? true };
    case 'invalid_type':
      return { code: issue.code, expected: issue.expected, received: kindOf(valueAt(input, issue.path)) };
    case 'invalid_format':
      return { code: issue.code, format: issue.format, ...(issue.pattern ? { pattern: issue.pattern } : {}) };
    case 'invalid_value':
      return { code: issue.code, values: issue.values.filter(isPrimitive) };
    case 'unrecognized_keys':
      return { code: issue.code, keys: issue.keys };
    case 'invalid_union':
      return { code: issue.code, received: kindOf(valueAt(input, issue.path)) };
    case 'custom':
      return { code: issue.code, message: issue.message };
    default:
      return { code: issue.code };
  }
}

/** `['rules', 0, 'match']` → `rules.0.match`, the `field` every 400 has named so far. */
export const dottedPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** `match.patterns[0]` or `closedDates.2` → `['match', 'patterns', 0]`: the path of a hand-written field name. */
export function pathOf(field: string): Array<string | number> {
  return field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const isPrimitive = (v: unknown): v is Primitive => v === null || ['string', 'number', 'boolean'].includes(typeof v);
