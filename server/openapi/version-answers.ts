import { z } from 'zod';
import type { ConfigDiff } from '../admin/config-diff';
import type { VersionChange } from '../admin/version-contract';
import { configVersion, rule } from './admin-answers';
import { isoInstant, itemsOf, type SameShape } from './common-schemas';

/** The configuration's history (server/admin/versions.routes.ts): versions, what each changed, and the audit log. */

const versionSummary = z.object({
  version: configVersion, author: z.string().nullable().describe("The author's email; null for seeds and migrations"), summary: z.string(), createdAt: isoInstant,
});

const versionChange = z.object({
  section: z.enum(['rules', 'templates', 'intentPhrases', 'settings']), kind: z.enum(['added', 'removed', 'changed']),
  key: z.string(), name: z.string().describe('What an admin calls the item: a rule by its name, not its id'),
  fields: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })).describe('Values as short display text'),
}).meta({ id: 'VersionChange' });
true satisfies SameShape<typeof versionChange, VersionChange>;

export const versionHistory = z.object({
  items: z.array(versionSummary.extend({
    authorName: z.string().nullable(),
    operation: z.string().nullable().describe('What kind of save: create, update, rollback …'),
    restores: configVersion.nullable().describe('A rollback: the version it restored'),
    changes: z.array(versionChange).describe('Against the version before it'),
  })).describe('Newest first, at most 200'),
  timezone: z.string().describe("The business's, which the page shows times in"),
});

const change = z.object({ key: z.string(), before: z.unknown().optional(), after: z.unknown().optional(), fields: z.array(z.string()).optional() });
const sectionDiff = z.object({ added: z.array(change), removed: z.array(change), changed: z.array(change) });
const configDiff = z.object({ rules: sectionDiff, templates: sectionDiff, intentPhrases: sectionDiff, settings: sectionDiff });
true satisfies SameShape<typeof configDiff, ConfigDiff>;

export const versionDiff = z.object({ from: versionSummary, to: versionSummary, diff: configDiff, changes: z.array(versionChange) });

/** The whole configuration as that version saved it: what a rollback restores. */
export const versionDetail = versionSummary.extend({
  snapshot: z.object({
    rules: z.array(rule),
    templates: z.array(z.looseObject({ key: z.string(), bodies: z.record(z.string(), z.string()) })),
    intentPhrases: z.array(z.object({ intent: z.string(), text: z.string(), heldOut: z.boolean().optional() })),
    settings: z.looseObject({ timezone: z.string() }),
  }),
});

export const auditLog = itemsOf(z.object({
  id: z.number(), author: z.string().nullable(), entity: z.string().describe('rule, template, intent, settings, config'), key: z.string(),
  operation: z.string(), version: configVersion.describe('The version the change produced'), summary: z.string(), createdAt: isoInstant,
})).describe('Newest first, at most 200');
