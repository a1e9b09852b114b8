import { Router } from 'express';
import { z } from 'zod';
import { evaluate, menuFor, renderTemplate, renderText } from '../../rules';
import type { Decision, EvaluateInput } from '../../rules/types';
import { HttpError } from '../http/errors';
import { localeField } from '../http/locale';
import { parseBody } from '../http/validate';
import { requireRole } from '../auth/auth.routes';
import type { AppDeps } from '../deps';
import type { RulesetCache } from './ruleset-cache';
import { sampleTemplateVars } from './sample-vars';
import { draftRuleset } from './draft-ruleset';

const simulateSchema = z.object({
  text: z.string().min(1, 'text is required').max(1600),
  inReplyTo: z.string().optional(),
  now: z.string().datetime({ offset: true }).optional(),
  timezone: z.string().optional(),
  locale: localeField.optional(),
  handledBy: z.enum(['bot', 'human']).optional(),
  /** Unsaved sections (rules, templates, intentPhrases, settings) that replace the saved ones for this one answer. */
  draft: z.object({
    rules: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String).optional() })).optional(),
    templates: z.array(z.looseObject({})).optional(),
    intentPhrases: z.array(z.looseObject({})).optional(),
    settings: z.looseObject({}).optional(),
  }).optional(),
});

/** The first reply the decision would send, rendered with a sample contact and appointment. */
function previewReply(ruleset: Awaited<ReturnType<RulesetCache['get']>>, decision: Decision, locale: string): string | undefined {
  const vars = sampleTemplateVars(ruleset.source.settings, locale);
  for (const effect of decision.effects) {
    if (effect.type === 'reply') return renderTemplate(ruleset, effect.template, locale, { ...vars, ...effect.vars });
    if (effect.type === 'reply_text') return renderText(effect.text, vars);
  }
  return undefined;
}

/** `POST /api/rules/simulate`: what the bot would do with a text, without storing or sending anything. */
export function simulateRoutes({ rulesets, clock, sessions }: AppDeps): Router {
  const router = Router();
  router.post('/rules/simulate', requireRole(sessions, 'admin'), async (req, res) => {
    const body = parseBody(simulateSchema, req);
    const ruleset = body.draft ? await draftRuleset(rulesets, body.draft) : await rulesets.get();
    const now = body.now ? new Date(body.now).toISOString() : clock.now().toISOString();
    const timezone = body.timezone ?? ruleset.source.settings.timezone;
    if (!isTimeZone(timezone)) throw new HttpError(400, 'invalid_field', `timezone: unknown time zone "${timezone}"`, 'timezone');
    let awaiting: EvaluateInput['conversation']['awaiting'];
    if (body.inReplyTo) {
      awaiting = menuFor(ruleset, body.inReplyTo, now);
      if (!awaiting) throw new HttpError(400, 'invalid_field', `inReplyTo: no template "${body.inReplyTo}" with a menu`, 'inReplyTo');
    }
    const locale = body.locale ?? 'zh-CN';
    const decision = evaluate(ruleset, {
      text: body.text, now, timezone, contact: { optedOut: false, tags: [], locale },
      conversation: { handledBy: body.handledBy ?? 'bot', ...(awaiting ? { awaiting } : {}) },
    });
    res.json({
      action: decision.action, params: decision.params, intent: decision.intent, confidence: decision.confidence,
      reply: previewReply(ruleset, decision, locale), ruleId: decision.ruleId, effects: decision.effects, trace: decision.trace,
    });
  });
  return router;
}

function isTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}
