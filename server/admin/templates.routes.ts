import { Router } from 'express';
import { z } from 'zod';
import { ACTIONS, type Action, type MenuOption } from '../../rules/types';
import { checkTemplateText, renderText, SYSTEM_TEMPLATES, TEMPLATE_VARIABLES } from '../../rules';
import { TemplateRow } from '../db/entities';
import { HttpError, notFound } from '../http/errors';
import { parseBody } from '../http/validate';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig } from './config-store';
import { templateColumns } from './config-rows';
import { loadRulesetSource } from './ruleset-source';
import { sampleTemplateVars } from './sample-vars';
import { smsCost, type SmsCost } from './sms-segments';

const bodiesSchema = z.record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'locales look like "zh-CN" or "en"'), z.string().min(1).max(1000));
const menuSchema = z.array(z.object({ key: z.string().max(1), action: z.enum(ACTIONS as [Action, ...Action[]]), label: z.string().max(40).optional() })).max(12);
const templateFields = { bodies: bodiesSchema, menu: menuSchema.nullable(), menuTtlMinutes: z.number().int().positive().max(60 * 24 * 60).nullable() };
export const createSchema = z.object({ key: z.string().max(64), ...templateFields }).partial({ menu: true, menuTtlMinutes: true });
export const updateSchema = z.object(templateFields).partial();
export const previewSchema = z.object({ body: z.string().max(1000).optional(), key: z.string().max(64).optional(), locale: z.string().max(10).default('zh-CN') });

/** The variables a template may use: the system templates' own narrower lists, everything for the others. */
export const allowedVariables = (key: string): readonly string[] => SYSTEM_TEMPLATES[key]?.vars ?? TEMPLATE_VARIABLES;

/** A template as the editor sees it: the variables it may use and what each locale's body costs to send. */
export interface TemplateView {
  key: string; bodies: Record<string, string>; menu: MenuOption[]; menuTtlMinutes: number | null; system: boolean; variables: string[];
  cost: Record<string, SmsCost>;
}

const describe = (row: TemplateRow): TemplateView => ({
  key: row.key, bodies: row.bodies, menu: row.menu ?? [], menuTtlMinutes: row.menuTtlMinutes,
  system: row.key in SYSTEM_TEMPLATES, variables: [...allowedVariables(row.key)],
  cost: Object.fromEntries(Object.entries(row.bodies).map(([locale, body]) => [locale, smsCost(body)])),
});

/** Templates: CRUD with the engine's strict validation, the variables list, and a live preview with counters. */
export function templatesRoutes({ ds, sessions }: AppDeps): Router {
  const router = Router();
  const note = (key: string, operation: string) => ({
    entity: 'template' as const, key, operation, summary: `${operation} template ${key}`,
    // Problems are reported by index in the draft (templates[3].bodies.en); this edit's own index is found after it.
    fieldPrefixes: [] as string[],
  });

  router.get('/templates', canRead(sessions), async (_req, res) => {
    res.json({ items: (await ds.manager.find(TemplateRow, { order: { key: 'ASC' } })).map(describe) });
  });

  router.get('/templates/variables', canRead(sessions), (_req, res) => {
    res.json({ all: TEMPLATE_VARIABLES, system: Object.fromEntries(Object.entries(SYSTEM_TEMPLATES).map(([k, v]) => [k, v.vars])) });
  });

  router.post('/templates/preview', canRead(sessions), async (req, res) => {
    const input = parseBody(previewSchema, req);
    const source = await loadRulesetSource(ds.manager);
    const stored = input.key ? source.templates.find((t) => t.key === input.key) : undefined;
    const body = input.body ?? (stored && Object.hasOwn(stored.bodies, input.locale) ? stored.bodies[input.locale] : undefined);
    if (body === undefined) throw new HttpError(400, 'invalid_field', 'body: give a body, or the key of a template with that locale', 'body');
    const problem = checkTemplateText(body, 'body', allowedVariables(input.key ?? ''))[0];
    if (problem) throw new HttpError(400, 'invalid_field', `body: ${problem.message}`, 'body');
    const text = renderText(body, sampleTemplateVars(source.settings, input.locale));
    res.json({ text, locale: input.locale, cost: smsCost(text), menu: stored?.menu ?? [] });
  });

  router.get('/templates/:key', canRead(sessions), async (req, res) => {
    const row = await ds.manager.findOneBy(TemplateRow, { key: String(req.params.key) });
    if (!row) throw notFound('Template');
    res.json({ template: describe(row) });
  });

  router.post('/templates', canWrite(sessions), async (req, res) => {
    const input = parseBody(createSchema, req);
    const n = note(input.key, 'create');
    const saved = await saveConfig(ds, authorOf(req), n, async (em) => {
      if (await em.findOneBy(TemplateRow, { key: input.key })) throw new HttpError(409, 'duplicate', `A template "${input.key}" already exists`, 'key');
      n.fieldPrefixes.push(`templates[${await em.count(TemplateRow)}].`);
      return describe(await em.save(TemplateRow, em.create(TemplateRow, templateColumns({ key: input.key, bodies: input.bodies, menu: input.menu ?? undefined, menuTtlMinutes: input.menuTtlMinutes ?? undefined }))));
    });
    res.status(201).json({ template: saved.result, version: saved.version });
  });

  router.put('/templates/:key', canWrite(sessions), async (req, res) => {
    const input = parseBody(updateSchema, req);
    const key = String(req.params.key);
    const n = note(key, 'update');
    const saved = await saveConfig(ds, authorOf(req), n, async (em) => {
      const rows = await em.find(TemplateRow, { order: { id: 'ASC' } });
      const index = rows.findIndex((r) => r.key === key);
      if (index < 0) throw notFound('Template');
      n.fieldPrefixes.push(`templates[${index}].`, `templates.${key}.`);
      const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      await em.update(TemplateRow, { id: rows[index].id }, changes);
      return describe(await em.findOneByOrFail(TemplateRow, { id: rows[index].id }));
    });
    res.json({ template: saved.result, version: saved.version });
  });

  router.delete('/templates/:key', canWrite(sessions), async (req, res) => {
    const key = String(req.params.key);
    const saved = await saveConfig(ds, authorOf(req), note(key, 'delete'), async (em) => {
      const { affected } = await em.delete(TemplateRow, { key });
      if (!affected) throw notFound('Template');
    });
    res.json({ deleted: key, version: saved.version });
  });
  return router;
}
