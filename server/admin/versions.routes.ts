import { Router } from 'express';
import { z } from 'zod';
import { In } from 'typeorm';
import { Agent, AuditLogRow, RulesetVersionRow } from '../db/entities';
import { notFound } from '../http/errors';
import { oneText } from '../http/query-schemas';
import { parseInput, parseQuery } from '../http/validate';
import type { AppDeps } from '../deps';
import type { EntityManager } from 'typeorm';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig } from './config-store';
import { diffConfigs } from './config-diff';
import { versionChanges } from './version-changes';
import { replaceConfigRows } from './config-rows';

/** A version number as the API shows it (digits); anything else is a 400 naming where it came from. */
const versionText = oneText.regex(/^\d{1,12}$/, 'must be a version number');
export const diffQuery = z.object({ from: versionText, to: versionText });
export const versionParams = z.object({ version: versionText });

async function findVersion(em: EntityManager, version: string): Promise<RulesetVersionRow> {
  const row = await em.findOneBy(RulesetVersionRow, { version });
  if (!row) throw notFound(`Version ${version}`);
  return row;
}

const summary = (v: RulesetVersionRow) => ({ version: v.version, author: v.authorEmail, summary: v.summary, createdAt: v.createdAt });

const LIST_SIZE = 200;

/**
 * The history as people read it: who (by name) and when, what kind of save (rollback names the version it
 * restored), and what each save changed against the one before it, item by item with names. Times are shown in
 * the business's time zone, which is sent along.
 */
async function versionHistory(em: EntityManager) {
  const rows = await em.find(RulesetVersionRow, { order: { id: 'DESC' }, take: LIST_SIZE + 1 });
  const versions = rows.map((r) => r.version);
  const audits = versions.length ? await em.find(AuditLogRow, { where: { version: In(versions) } }) : [];
  const authorIds = [...new Set(rows.map((r) => r.authorId).filter((id): id is number => id !== null))];
  const names = new Map((authorIds.length ? await em.find(Agent, { where: { id: In(authorIds) }, select: { id: true, name: true } }) : []).map((a) => [a.id, a.name]));
  const auditOf = new Map(audits.map((a) => [a.version, a]));
  return rows.slice(0, LIST_SIZE).map((row, i) => {
    const audit = auditOf.get(row.version);
    const before = rows[i + 1];
    return {
      ...summary(row),
      authorName: row.authorId === null ? null : names.get(row.authorId) ?? null,
      operation: audit?.operation ?? null,
      restores: audit?.operation === 'rollback' ? audit.entityKey : null,
      changes: before ? versionChanges(before.snapshot, row.snapshot) : [],
    };
  });
}

/** Every saved configuration, diffs between two, one-call rollback, and the audit log. */
export function versionsRoutes({ ds, sessions, rulesets, clock }: AppDeps): Router {
  const router = Router();

  router.get('/versions', canRead(sessions), async (_req, res) => {
    res.json({ items: await versionHistory(ds.manager), timezone: (await rulesets.get()).source.settings.timezone });
  });

  router.get('/versions/diff', canRead(sessions), async (req, res) => {
    const q = parseQuery(diffQuery, req);
    const [from, to] = [await findVersion(ds.manager, q.from), await findVersion(ds.manager, q.to)];
    res.json({ from: summary(from), to: summary(to), diff: diffConfigs(from.snapshot, to.snapshot), changes: versionChanges(from.snapshot, to.snapshot) });
  });

  router.get('/versions/:version', canRead(sessions), async (req, res) => {
    const row = await findVersion(ds.manager, parseInput(versionParams, req.params).version);
    res.json({ ...summary(row), snapshot: row.snapshot });
  });

  /** Rollback is a new version whose content is the old one's, so it can itself be undone. */
  router.post('/versions/:version/rollback', canWrite(sessions), async (req, res) => {
    const target = await findVersion(ds.manager, parseInput(versionParams, req.params).version);
    const saved = await saveConfig(ds, authorOf(req), {
      entity: 'config', key: target.version, operation: 'rollback', summary: `roll back to version ${target.version}`, at: clock.now(),
    }, (em) => replaceConfigRows(em, target.snapshot));
    res.json({ version: saved.version, restored: target.version });
  });

  router.get('/audit-log', canRead(sessions), async (_req, res) => {
    const rows = await ds.manager.find(AuditLogRow, { order: { id: 'DESC' }, take: 200 });
    res.json({ items: rows.map((r) => ({ id: r.id, author: r.authorEmail, entity: r.entity, key: r.entityKey, operation: r.operation, version: r.version, summary: r.summary, createdAt: r.createdAt })) });
  });
  return router;
}
