import { Router } from 'express';
import { z } from 'zod';
import { evaluate, inScript, menuFor, renderTemplate, renderText, type Ruleset } from '../../rules';
import type { Awaiting, Decision, EvaluateInput, Facts } from '../../rules/types';
import { isFirstText } from '../conversations/first-text';
import { gatherFacts } from '../conversations/gather-facts';
import { reopenForInbound } from '../conversations/conversation-state';
import { Conversation } from '../db/entities';
import { toE164 } from '../shared/phone';
import { HttpError } from '../http/errors';
import { localeField } from '../http/locale';
import { parseBody } from '../http/validate';
import { requireRole } from '../auth/require-role';
import type { AppDeps } from '../deps';
import { sampleFacts } from './sample-facts';
import { sampleTemplateVars } from './sample-vars';
import { draftRuleset } from './draft-ruleset';
import { contactsIn } from '../db/repositories/contacts.repository';

const instant = z.string().datetime({ offset: true });
const slot = z.object({ startsAt: instant });
const appointmentFact = z.object({
  id: z.number().int(), startsAt: instant, endsAt: instant, service: z.string(), location: z.string(), status: z.string(), commands: z.array(z.string()),
});
const factsSchema = z.object({
  upcoming: z.array(appointmentFact).max(20),
  menuAppointment: appointmentFact.optional(),
  offered: z.array(z.object({ option: z.string(), startsAt: instant, free: z.boolean(), nearest: z.array(slot) })).max(10).optional(),
  requested: z.object({ when: instant, precision: z.enum(['time', 'part_of_day', 'day']), free: z.boolean(), nearest: z.array(slot) }).optional(),
  nextSlots: z.array(slot).max(10).optional(),
});

export const simulateSchema = z.object({
  text: z.string().min(1, 'text is required').max(1600),
  inReplyTo: z.string().optional(),
  now: z.string().datetime({ offset: true }).optional(),
  timezone: z.string().optional(),
  locale: localeField.optional(),
  handledBy: z.enum(['bot', 'human']).optional(),
  /** Decide with this contact's real appointments, free slots and open menu, exactly as their next text would be. */
  contactPhone: z.string().min(1).max(32).optional(),
  /** Decide with these stated facts (e.g. a stored decision's) instead of looking anything up. */
  facts: factsSchema.optional(),
  /** Unsaved sections (rules, templates, intentPhrases, settings) that replace the saved ones for this one answer. */
  draft: z.object({
    rules: z.array(z.looseObject({ id: z.union([z.string(), z.number()]).transform(String).optional() })).optional(),
    templates: z.array(z.looseObject({})).optional(),
    intentPhrases: z.array(z.looseObject({})).optional(),
    settings: z.looseObject({}).optional(),
  }).optional(),
});

/** The first reply the decision would send, rendered with a sample contact and appointment. */
function previewReply(ruleset: Ruleset, decision: Decision, locale: string): string | undefined {
  const vars = sampleTemplateVars(ruleset.source.settings, locale);
  for (const effect of decision.effects) {
    if (effect.type === 'reply') return renderTemplate(ruleset, effect.template, locale, { ...vars, ...effect.vars }, decision.replyScript);
    if (effect.type === 'reply_text') return inScript(renderText(effect.text, vars), decision.replyScript, locale);
  }
  return undefined;
}

type Body = z.infer<typeof simulateSchema>;

/** What the simulator answers: the decision's parts an admin reads, the reply it would send, and the facts it used. */
export type SimulateAnswer = Pick<Decision, 'action' | 'params' | 'intent' | 'confidence' | 'ruleId' | 'effects' | 'outcome' | 'trace'> & { reply?: string; facts: Facts };
type Subject = { contact: EvaluateInput['contact']; timezone: string; conversation: EvaluateInput['conversation']; facts: Facts };

/**
 * Who the text is from. A named contact: their real appointments, free slots, open menu and owner, gathered by the
 * pipeline's own gatherFacts. Otherwise a sample contact, with stated facts or sample ones dated from `now`.
 */
async function subjectOf(deps: AppDeps, ruleset: Ruleset, body: Body, now: Date): Promise<Subject> {
  const settings = ruleset.source.settings;
  let awaiting: Awaiting | undefined;
  if (body.inReplyTo) {
    awaiting = menuFor(ruleset, body.inReplyTo, now.toISOString());
    if (!awaiting) throw new HttpError(400, 'invalid_field', `inReplyTo: no template "${body.inReplyTo}" with a menu`, 'inReplyTo');
  }
  if (body.contactPhone) {
    const phone = toE164(body.contactPhone, deps.config.DEFAULT_REGION);
    const contact = phone ? await contactsIn(deps.ds.manager).findByPhone(phone) : null;
    if (!contact) throw new HttpError(404, 'not_found', 'No contact with this phone number', 'contactPhone');
    const stored = await deps.ds.manager.findOneBy(Conversation, { contactId: contact.id });
    // The pipeline wakes the thread before deciding (a resolved one goes back to the bot); so does the preview.
    const conversation = stored ? reopenForInbound(stored, now) : null;
    const menu = awaiting ?? conversation?.awaiting ?? undefined;
    const timezone = body.timezone ?? (contact.timezone || settings.timezone);
    const facts = body.facts ?? await gatherFacts(deps.ds.manager, {
      settings, now, timezone, contactId: contact.id, awaiting: menu ?? null,
      awaitingContext: awaiting ? null : conversation?.awaitingContext ?? null, text: body.text,
    });
    return {
      contact: { optedOut: contact.optedOut, tags: contact.tags, locale: body.locale ?? contact.locale }, timezone, facts,
      conversation: {
        handledBy: body.handledBy ?? conversation?.handledBy ?? 'bot', ...(menu ? { awaiting: menu } : {}),
        firstMessage: stored ? await isFirstText(deps.ds.manager, stored) : true,
      },
    };
  }
  const timezone = body.timezone ?? settings.timezone;
  const locale = body.locale ?? 'zh-CN';
  const sample = sampleTemplateVars(settings, locale).appointment;
  return {
    contact: { optedOut: false, tags: [], locale }, timezone,
    conversation: { handledBy: body.handledBy ?? 'bot', ...(awaiting ? { awaiting } : {}) },
    facts: body.facts ?? sampleFacts({ now, timezone, service: sample.service, location: sample.location, awaiting, text: body.text }),
  };
}

/**
 * `POST /api/rules/simulate`: what the bot would do with a text, without storing or sending anything. The same fact
 * gathering and the same engine as the pipeline, so the same facts give the same decision.
 */
export function simulateRoutes(deps: AppDeps): Router {
  const { rulesets, clock, sessions } = deps;
  const router = Router();
  router.post('/rules/simulate', requireRole(sessions, 'admin'), async (req, res) => {
    const body = parseBody(simulateSchema, req);
    const ruleset = body.draft ? await draftRuleset(rulesets, body.draft) : await rulesets.get();
    const now = body.now ? new Date(body.now) : clock.now();
    if (body.timezone !== undefined && !isTimeZone(body.timezone)) throw new HttpError(400, 'invalid_field', `timezone: unknown time zone "${body.timezone}"`, 'timezone');
    const subject = await subjectOf(deps, ruleset, body, now);
    const decision = evaluate(ruleset, { text: body.text, now: now.toISOString(), ...subject });
    const answer: SimulateAnswer = {
      action: decision.action, params: decision.params, intent: decision.intent, confidence: decision.confidence,
      reply: previewReply(ruleset, decision, subject.contact.locale), ruleId: decision.ruleId, effects: decision.effects,
      outcome: decision.outcome, facts: subject.facts, trace: decision.trace,
    };
    res.json(answer);
  });
  return router;
}

function isTimeZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}
