import { Router } from 'express';
import { z } from 'zod';
import { ACTIONS, MATCH_KINDS, type RuleDef } from '../../rules/types';
import { RuleRow } from '../db/entities';
import { notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig, type Saved } from './config-store';
import { ruleColumns } from './config-rows';
import { loadRulesetSource, ruleRowToDef } from './ruleset-source';

const ruleFields = {
  name: z.string().trim().min(1, 'a name is required').max(100),
  enabled: z.boolean(),
  priority: z.number().int().min(-1000).max(1000),
  match: z.object({ kind: z.enum(MATCH_KINDS), patterns: z.array(z.string().max(200)).min(1, 'at least one pattern is required').max(50) }),
  conditions: z.object({
    businessHours: z.enum(['open', 'closed']).optional(),
    tagsAny: z.array(z.string().max(50)).max(20).optional(),
    awaitingMenu: z.string().max(64).optional(),
  }).nullable(),
  action: z.enum(ACTIONS as [RuleDef['action'], ...RuleDef['action'][]]),
  reply: z.string().max(1000).nullable(),
  replyTemplate: z.string().max(64).nullable(),
  addTags: z.array(z.string().trim().min(1).max(50)).max(10).nullable(),
};
export const createSchema = z.object(ruleFields).partial({ enabled: true, priority: true, conditions: true, reply: true, replyTemplate: true, addTags: true });
export const updateSchema = z.object(ruleFields).partial();
export const reorderSchema = z.object({ ids: z.array(z.string().regex(/^\d+$/)).min(1) });

type RuleInput = z.infer<typeof updateSchema>;

/** Merges an edit onto a rule; null clears an optional field. */
function applyInput(base: Omit<RuleDef, 'id'>, input: RuleInput): Omit<RuleDef, 'id'> {
  const next: Omit<RuleDef, 'id'> = { ...base, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)) };
  for (const key of ['conditions', 'reply', 'replyTemplate', 'addTags'] as const) if (input[key] === null) delete next[key];
  // Giving one kind of reply replaces the other, so switching from template to text is one edit.
  if (typeof input.reply === 'string' && input.replyTemplate === undefined) delete next.replyTemplate;
  if (typeof input.replyTemplate === 'string' && input.reply === undefined) delete next.reply;
  return next;
}

const answer = (saved: Saved<RuleDef>) => ({ rule: saved.result, version: saved.version, compileMs: saved.compileMs, warnings: saved.ruleset.compiled.warnings });

/** `GET/POST /api/rules`, `GET/PUT/DELETE /api/rules/:id`, reorder and enable/disable. */
export function rulesRoutes({ ds, sessions }: AppDeps): Router {
  const router = Router();
  const save = (req: Parameters<typeof authorOf>[0], id: string | null, operation: string, edit: Parameters<typeof saveConfig<RuleDef>>[3]) =>
    saveConfig(ds, authorOf(req), {
      entity: 'rule', key: id ?? 'new', operation, summary: `${operation} rule ${id ?? ''}`.trim(),
      ...(id ? { fieldPrefixes: [`rules.${id}.`], conflictRuleIds: [id] } : {}),
    }, edit);

  router.get('/rules', canRead(sessions), async (_req, res) => {
    const source = await loadRulesetSource(ds.manager);
    const rules = [...source.rules].sort((a, b) => b.priority - a.priority || Number(a.id) - Number(b.id));
    res.json({ items: rules, version: source.version });
  });

  router.post('/rules/reorder', canWrite(sessions), async (req, res) => {
    const { ids } = parseBody(reorderSchema, req);
    const saved = await saveConfig(ds, authorOf(req), { entity: 'rule', key: ids.join(',').slice(0, 100), operation: 'reorder', summary: `reorder rules ${ids.join(', ')}`, conflictRuleIds: ids }, async (em) => {
      // First in the list answers first: priorities count down from the list's length.
      for (const [i, id] of ids.entries()) {
        const { affected } = await em.update(RuleRow, { id: Number(id) }, { priority: ids.length - i });
        if (!affected) throw notFound(`Rule ${id}`);
      }
    });
    res.json({ version: saved.version });
  });

  router.get('/rules/:id', canRead(sessions), async (req, res) => {
    const row = await ds.manager.findOneBy(RuleRow, { id: idParam(req) });
    if (!row) throw notFound('Rule');
    res.json({ rule: ruleRowToDef(row) });
  });

  router.post('/rules', canWrite(sessions), async (req, res) => {
    const input = parseBody(createSchema, req);
    const draft = applyInput({ enabled: true, priority: 0 } as Omit<RuleDef, 'id'>, input);
    // The id exists only after the insert, so the save is described with it from inside the transaction.
    let created = '';
    const saved = await saveConfig(ds, authorOf(req), {
      entity: 'rule', key: input.name, operation: 'create', summary: `create rule "${input.name}"`,
      get fieldPrefixes() { return [`rules.${created}.`]; },
      get conflictRuleIds() { return [created]; },
    }, async (em) => {
      const row = await em.save(RuleRow, em.create(RuleRow, ruleColumns(draft)));
      created = String(row.id);
      return ruleRowToDef(row);
    });
    res.status(201).json(answer(saved));
  });

  router.put('/rules/:id', canWrite(sessions), async (req, res) => {
    const input = parseBody(updateSchema, req);
    res.json(answer(await save(req, String(idParam(req)), 'update', async (em) => {
      const row = await em.findOneBy(RuleRow, { id: idParam(req) });
      if (!row) throw notFound('Rule');
      const { id: _id, ...current } = ruleRowToDef(row);
      await em.update(RuleRow, { id: row.id }, ruleColumns(applyInput(current, input)));
      return ruleRowToDef(await em.findOneByOrFail(RuleRow, { id: row.id }));
    })));
  });

  for (const [path, enabled] of [['enable', true], ['disable', false]] as const) {
    router.post(`/rules/:id/${path}`, canWrite(sessions), async (req, res) => {
      res.json(answer(await save(req, String(idParam(req)), path, async (em) => {
        const { affected } = await em.update(RuleRow, { id: idParam(req) }, { enabled });
        if (!affected) throw notFound('Rule');
        return ruleRowToDef(await em.findOneByOrFail(RuleRow, { id: idParam(req) }));
      })));
    });
  }

  router.delete('/rules/:id', canWrite(sessions), async (req, res) => {
    const saved = await save(req, String(idParam(req)), 'delete', async (em) => {
      const row = await em.findOneBy(RuleRow, { id: idParam(req) });
      if (!row) throw notFound('Rule');
      await em.delete(RuleRow, { id: row.id });
      return ruleRowToDef(row);
    });
    res.json({ deleted: saved.result.id, version: saved.version });
  });
  return router;
}
