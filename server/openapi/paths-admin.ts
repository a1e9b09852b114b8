import { z } from 'zod';
import { importSchema } from '../admin/config-transfer.routes';
import { intentName, phraseSchema, teachSchema } from '../admin/intents.routes';
import { createSchema as createRuleSchema, reorderSchema, updateSchema as updateRuleSchema } from '../admin/rules.routes';
import { settingsSchema } from '../admin/settings.routes';
import { simulateSchema } from '../admin/simulate.routes';
import { createSchema as createTemplateSchema, previewSchema, updateSchema as updateTemplateSchema } from '../admin/templates.routes';
import { diffQuery, versionParams } from '../admin/versions.routes';
import { idText } from '../http/query-schemas';
import {
  configVersion, deletedRule, ruleAnswer, ruleList, savedRule, smsCost, templateList, templateVariables, templateView, versionAnswer,
} from './admin-answers';
import { idPath } from './common-schemas';
import { simulateAnswer } from './decision-answers';
import { intentList, phraseAdded, phraseRemoved, retrainAnswer, reviewAnswer, reviewQueue } from './intent-answers';
import { created, group, json } from './operation';
import { auditLog, versionDetail, versionDiff, versionHistory } from './version-answers';

/** Rule ids are digits in the path; the routes read them with idParam(), i.e. idText. */
const templateKey = z.object({ key: z.string().describe('A template key such as appointment_reminder') });
const savedTemplate = z.object({ template: templateView, version: configVersion });
const settingsAnswer = z.looseObject({ settings: z.looseObject({ timezone: z.string() }) });

/** The bot's configuration: rules, templates, intents, settings and their version history (admins write, agents read). */
export const adminPaths = group('Bot configuration', 'signed-in', [
  { method: 'get', path: '/api/rules', summary: 'Every rule, in order, and the configuration version', ok: json(ruleList) },
  { method: 'post', path: '/api/rules', summary: 'Add a rule (checked for conflicts, compiled before it is saved)', access: 'admin', body: createRuleSchema, ok: created(savedRule) },
  { method: 'post', path: '/api/rules/reorder', summary: 'Put the rules in this order', access: 'admin', body: reorderSchema, ok: json(versionAnswer) },
  { method: 'get', path: '/api/rules/{id}', summary: 'One rule', params: idPath, ok: json(ruleAnswer) },
  { method: 'put', path: '/api/rules/{id}', summary: 'Change a rule', access: 'admin', params: idPath, body: updateRuleSchema, ok: json(savedRule) },
  { method: 'post', path: '/api/rules/{id}/enable', summary: 'Turn a rule on', access: 'admin', params: idPath, ok: json(savedRule) },
  { method: 'post', path: '/api/rules/{id}/disable', summary: 'Turn a rule off', access: 'admin', params: idPath, ok: json(savedRule) },
  { method: 'delete', path: '/api/rules/{id}', summary: 'Delete a rule', access: 'admin', params: idPath, ok: json(deletedRule) },
  {
    method: 'post', path: '/api/rules/simulate', summary: 'What the bot would answer to a text (with its trace), on the saved or a draft configuration', access: 'admin',
    body: simulateSchema, ok: json(simulateAnswer),
  },
  { method: 'get', path: '/api/templates', summary: 'Every reply template', ok: json(templateList) },
  { method: 'get', path: '/api/templates/variables', summary: 'Variables templates may use, in all and per system template', ok: json(templateVariables) },
  {
    method: 'post', path: '/api/templates/preview', summary: 'A template body rendered with sample values, with its SMS cost', body: previewSchema,
    ok: json(z.looseObject({ text: z.string(), cost: smsCost, menu: z.array(z.unknown()) })),
  },
  { method: 'get', path: '/api/templates/{key}', summary: 'One template', params: templateKey, ok: json(z.object({ template: templateView })) },
  { method: 'post', path: '/api/templates', summary: 'Add a template', access: 'admin', body: createTemplateSchema, ok: created(savedTemplate) },
  { method: 'put', path: '/api/templates/{key}', summary: 'Change a template', access: 'admin', params: templateKey, body: updateTemplateSchema, ok: json(savedTemplate) },
  { method: 'delete', path: '/api/templates/{key}', summary: 'Delete a template', access: 'admin', params: templateKey, ok: json(z.object({ deleted: z.string(), version: configVersion })) },
  { method: 'get', path: '/api/intents', summary: 'Intents with their phrases, accuracy and thresholds', ok: json(intentList) },
  { method: 'post', path: '/api/intents/retrain', summary: 'Train the classifier again now', access: 'admin', ok: json(retrainAnswer) },
  {
    method: 'post', path: '/api/intents/{intent}/phrases', summary: 'Teach an intent a phrase (or hold one out for testing)', access: 'admin',
    params: z.object({ intent: intentName }), body: phraseSchema, ok: created(phraseAdded),
  },
  { method: 'delete', path: '/api/intents/phrases/{id}', summary: 'Remove a phrase', access: 'admin', params: idPath, ok: json(phraseRemoved) },
  { method: 'get', path: '/api/intents/review', summary: 'Texts the classifier was unsure about', ok: json(reviewQueue) },
  {
    method: 'post', path: '/api/intents/review/{messageId}', summary: 'Teach (or dismiss, with null) an unsure text', access: 'admin',
    params: z.object({ messageId: idText }), body: teachSchema, ok: json(reviewAnswer),
  },
  { method: 'get', path: '/api/settings', summary: 'Business settings: hours, time zone, reminders, thresholds', ok: json(settingsAnswer) },
  { method: 'put', path: '/api/settings', summary: 'Change business settings', access: 'admin', body: settingsSchema, ok: json(settingsAnswer.extend({ version: configVersion })) },
  { method: 'get', path: '/api/versions', summary: 'Configuration versions, newest first', ok: json(versionHistory) },
  { method: 'get', path: '/api/versions/diff', summary: 'What changed between two versions', query: diffQuery, ok: json(versionDiff) },
  { method: 'get', path: '/api/versions/{version}', summary: 'One version with its snapshot', params: versionParams, ok: json(versionDetail) },
  {
    method: 'post', path: '/api/versions/{version}/rollback', summary: 'Restore a version (as a new version)', access: 'admin', params: versionParams,
    ok: json(z.object({ version: configVersion, restored: configVersion })),
  },
  { method: 'get', path: '/api/audit-log', summary: 'Who changed what in the configuration', ok: json(auditLog) },
  { method: 'get', path: '/api/config/export', summary: 'The whole configuration as one file', ok: json(z.looseObject({ format: z.string(), exportedFrom: configVersion })) },
  { method: 'post', path: '/api/config/import', summary: 'Replace the configuration from an exported file', access: 'admin', body: importSchema, ok: json(z.looseObject({ version: configVersion, counts: z.looseObject({}) })) },
]);
