import { Router } from 'express';
import { z } from 'zod';
import type { Settings } from '../../rules/types';
import { SettingRow, TemplateRow } from '../db/entities';
import { parseBody } from '../http/validate';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig } from './config-store';
import { BOT_SETTINGS_KEY, loadRulesetSource } from './ruleset-source';

/** The hand-off acknowledgements are templates; settings edits them by name so admins find them where they expect. */
const HANDOFF_TEMPLATES = ['handoff_ack', 'handoff_ack_closed'] as const;

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'expected "HH:MM"');
const settingsSchema = z.object({
  businessName: z.string().max(60),
  timezone: z.string().max(64),
  businessHours: z.record(z.string(), z.tuple([hhmm, hhmm]).nullable()),
  quietHours: z.object({ start: hhmm, end: hhmm }),
  intentThreshold: z.number(),
  intentMargin: z.number(),
  assignmentCap: z.number(),
  handoffTexts: z.object({ handoff_ack: z.record(z.string(), z.string().max(1000)), handoff_ack_closed: z.record(z.string(), z.string().max(1000)) }).partial(),
}).partial();

/** Business hours, time zone, quiet hours, confidence threshold and margin, the assignment cap, and the hand-off texts. */
export function settingsRoutes({ ds, sessions }: AppDeps): Router {
  const router = Router();

  router.get('/settings', canRead(sessions), async (_req, res) => {
    const source = await loadRulesetSource(ds.manager);
    const handoffTexts = Object.fromEntries(HANDOFF_TEMPLATES.map((k) => [k, source.templates.find((t) => t.key === k)?.bodies ?? {}]));
    res.json({ settings: source.settings, handoffTexts });
  });

  router.put('/settings', canWrite(sessions), async (req, res) => {
    const { handoffTexts, ...changes } = parseBody(settingsSchema, req);
    const changed = [...Object.keys(changes), ...Object.keys(handoffTexts ?? {})];
    const saved = await saveConfig(ds, authorOf(req), {
      entity: 'settings', key: changed.join(',').slice(0, 100) || 'none', operation: 'update', summary: `update settings: ${changed.join(', ')}`,
      fieldPrefixes: ['settings.'],
    }, async (em) => {
      const current = (await em.findOneByOrFail(SettingRow, { key: BOT_SETTINGS_KEY })).value as Settings;
      // A closed day is absent from the week, which is how the engine reads it.
      const businessHours = changes.businessHours
        ? Object.fromEntries(Object.entries(changes.businessHours).filter(([, h]) => h)) as Settings['businessHours']
        : current.businessHours;
      const next: Settings = { ...current, ...changes, businessHours };
      await em.save(SettingRow, { key: BOT_SETTINGS_KEY, value: next });
      for (const [key, bodies] of Object.entries(handoffTexts ?? {})) {
        const row = await em.findOneByOrFail(TemplateRow, { key });
        await em.update(TemplateRow, { id: row.id }, { bodies: { ...row.bodies, ...bodies } });
      }
      return next;
    });
    res.json({ settings: saved.result, version: saved.version });
  });
  return router;
}
