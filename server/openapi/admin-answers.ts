import { z } from 'zod';
import { ACTIONS, MATCH_KINDS, type Action } from '../../rules/types';
import type { SmsCost } from '../admin/sms-segments';
import type { TemplateView } from '../admin/templates.routes';
import { itemsOf, type SameShape } from './common-schemas';

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

/** The template editor's answers (server/admin/templates.routes.ts). */

export const smsCost = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']), units: z.number().describe('Septets for GSM-7, UTF-16 code units for UCS-2'), segments: z.number(), perSegment: z.number(),
  chinaBilled: z.number().describe('Messages Chinese carriers bill: up to 70 characters one, longer ones 67 per part'), chinaChars: z.number(),
}).meta({ id: 'SmsCost' });
true satisfies SameShape<typeof smsCost, SmsCost>;

const menuOption = z.object({ key: z.string(), action: z.enum(ACTIONS as [Action, ...Action[]]), label: z.string().optional() });

export const templateView = z.object({
  key: z.string(), bodies: z.record(z.string(), z.string()).describe('Handlebars text per locale'), menu: z.array(menuOption), menuTtlMinutes: z.number().nullable(),
  system: z.boolean().describe("One of the bot's own templates (it cannot be deleted, and takes a narrower set of variables)"),
  variables: z.array(z.string()).describe('The variables its bodies may use'),
  cost: z.record(z.string(), smsCost).describe("Each locale's body as written, counted"),
}).meta({ id: 'Template' });
true satisfies SameShape<typeof templateView, TemplateView>;

export const templateList = itemsOf(templateView);
export const templateVariables = z.object({
  all: z.array(z.string()).describe('What an admin template may use'),
  system: z.record(z.string(), z.array(z.string())).describe("Each system template's own narrower list"),
});
