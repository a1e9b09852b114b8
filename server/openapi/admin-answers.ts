import { z } from 'zod';
import { MATCH_KINDS } from '../../rules/types';

/** The rule editor's answers (server/admin/rules.routes.ts); a rule is rules/types.ts's RuleDef. */

export const rule = z.looseObject({
  id: z.string(), name: z.string(), enabled: z.boolean(), priority: z.number(),
  match: z.object({ kind: z.enum(MATCH_KINDS), patterns: z.array(z.string()) }),
  conditions: z.looseObject({}).optional(),
  action: z.string(),
}).meta({ id: 'Rule' });

export const ruleList = z.object({ items: z.array(rule), version: z.number() });
export const ruleAnswer = z.object({ rule });
export const savedRule = z.object({ rule, version: z.number(), compileMs: z.number(), warnings: z.array(z.unknown()) });
export const versionAnswer = z.object({ version: z.number() });
export const deletedRule = z.object({ deleted: z.string(), version: z.number() });
