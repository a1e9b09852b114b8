import { Router } from 'express';
import { z } from 'zod';
import { SIGNATURE_RULE, signatureProblem } from '../../rules/sms-signature';
import type { Settings } from '../../rules/types';
import { SettingRow, TemplateRow } from '../db/entities';
import { parseBody } from '../http/validate';
import { reminderOffsets, REMINDER_POLICY_KEY } from '../appointments/reminder-schedule';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig } from './config-store';
import { BOT_SETTINGS_KEY, loadRulesetSource } from './ruleset-source';

/** The hand-off acknowledgements are templates; settings edits them by name so admins find them where they expect. */
const HANDOFF_TEMPLATES = ['handoff_ack', 'handoff_ack_closed'] as const;

const hhmm = z.string().regex(/^\d{2}:\d{2}$/, 'expected "HH:MM"');
export const settingsSchema = z.object({
  businessName: z.string().max(60),
  smsSignature: z.string().refine((s) => signatureProblem(s) === null, SIGNATURE_RULE),
  timezone: z.string().max(64),
  // One [open, close] pair (the old form) or several periods a day; null or [] closes the day.
  businessHours: z.record(z.string(), z.union([z.tuple([hhmm, hhmm]), z.array(z.tuple([hhmm, hhmm])).max(8)]).nullable()),
  closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected "YYYY-MM-DD"')).max(366),
  // 调休: the shape here; real dates, one of weekday or periods, and no clash with closedDates are the engine's checks.
  makeUpWorkdays: z.array(z.object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected "YYYY-MM-DD"'),
    weekday: z.number().int().min(1).max(7).optional(),
    periods: z.array(z.tuple([hhmm, hhmm])).max(8).optional(),
  }).strict()).max(366),
  reminders: z.array(z.object({ minutes: z.number().int().min(5).max(14 * 24 * 60), unlessConfirmed: z.boolean() })).max(5)
    .refine((r) => new Set(r.map((x) => x.minutes)).size === r.length, 'two reminders at the same time'),
  quietHours: z.object({ start: hhmm, end: hhmm }),
  intentThreshold: z.number(),
  intentMargin: z.number(),
  assignmentCap: z.number(),
  handoffTexts: z.object({ handoff_ack: z.record(z.string(), z.string().max(1000)), handoff_ack_closed: z.record(z.string(), z.string().max(1000)) }).partial(),
}).partial();

/** Business hours (periods, closed dates and make-up workdays), reminder timing, time zone, quiet hours, confidence threshold and margin, the assignment cap, and the hand-off texts. */
export function settingsRoutes({ ds, sessions, clock }: AppDeps): Router {
  const router = Router();

  router.get('/settings', canRead(sessions), async (_req, res) => {
    const source = await loadRulesetSource(ds.manager);
    const handoffTexts = Object.fromEntries(HANDOFF_TEMPLATES.map((k) => [k, source.templates.find((t) => t.key === k)?.bodies ?? {}]));
    res.json({ settings: { ...source.settings, reminders: await reminderOffsets(ds.manager) }, handoffTexts });
  });

  router.put('/settings', canWrite(sessions), async (req, res) => {
    const { handoffTexts, reminders, ...changes } = parseBody(settingsSchema, req);
    const changed = [...Object.keys(changes), ...Object.keys(handoffTexts ?? {}), ...(reminders ? ['reminders'] : [])];
    const saved = await saveConfig(ds, authorOf(req), {
      entity: 'settings', key: changed.join(',').slice(0, 100) || 'none', operation: 'update', summary: `update settings: ${changed.join(', ')}`,
      fieldPrefixes: ['settings.'], at: clock.now(),
    }, async (em) => {
      const current = (await em.findOneByOrFail(SettingRow, { key: BOT_SETTINGS_KEY })).value as Settings;
      // A closed day is absent from the week, which is how the engine reads it.
      const businessHours = changes.businessHours
        ? Object.fromEntries(Object.entries(changes.businessHours).filter(([, h]) => h && h.length > 0)) as Settings['businessHours']
        : current.businessHours;
      // Reminder timing is the scheduler's (reminder-schedule.ts), not the engine's: its own row, saved in the same transaction.
      if (reminders) await em.save(SettingRow, { key: REMINDER_POLICY_KEY, value: [...reminders].sort((a, b) => b.minutes - a.minutes) });
      const next: Settings = { ...current, ...changes, businessHours };
      await em.save(SettingRow, { key: BOT_SETTINGS_KEY, value: next });
      for (const [key, bodies] of Object.entries(handoffTexts ?? {})) {
        const row = await em.findOneByOrFail(TemplateRow, { key });
        await em.update(TemplateRow, { id: row.id }, { bodies: { ...row.bodies, ...bodies } });
      }
      return next;
    });
    res.json({ settings: { ...saved.result, reminders: await reminderOffsets(ds.manager) }, version: saved.version });
  });
  return router;
}
