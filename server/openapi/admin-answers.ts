import { z } from 'zod';
import { MATCH_KINDS } from '../../rules/types';

/** A configuration version: text, because it is a BIGINT counter (config-store.ts Saved). */
export const configVersion = z.string();

/** The rule editor's answers (server/admin/rules.routes.ts); a rule is rules/types.ts's RuleDef. */

export const rule = z.looseObject({
  id: z.string(), name: z.string(), enabled: z.boolean(), priority: z.number(),
  match: z.object({ kind: z.enum(MATCH_KINDS), patterns: z.array(z.string()) }),
  conditions: z.looseObject({}).optional(),
  action: z.string(),
}).meta({ id: 'Rule' });

export const ruleList = z.object({ items: z.array(rule), version: configVersion });
export const ruleAnswer = z.object({ rule });
export const savedRule = z.object({ rule, version: configVersion, compileMs: z.number(), warnings: z.array(z.unknown()) });
export const versionAnswer = z.object({ version: configVersion });
export const deletedRule = z.object({ deleted: z.string(), version: configVersion });
