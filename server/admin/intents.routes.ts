import { Router } from 'express';
import { z } from 'zod';
import { compileRuleset, INTENTS } from '../../rules';
import { IntentPhraseRow, IntentReviewRow, Message } from '../db/entities';
import { HttpError, notFound } from '../http/errors';
import { idParam, parseBody } from '../http/validate';
import type { AppDeps } from '../deps';
import { authorOf, canRead, canWrite } from './admin-request';
import { saveConfig, type Saved } from './config-store';
import { intentAccuracy } from './intent-accuracy';
import { reviewQueue } from './review-queue';
import { loadRulesetSource } from './ruleset-source';

export const intentName = z.enum(INTENTS as unknown as [string, ...string[]]);
export const phraseSchema = z.object({ text: z.string().trim().min(1, 'empty phrase').max(500), heldOut: z.boolean().default(false) });
export const teachSchema = z.object({ intent: intentName.nullable() });

const retrained = <T>(saved: Saved<T>) => ({ version: saved.version, compileMs: saved.compileMs, accuracy: intentAccuracy(saved.ruleset) });

/** Training phrases per intent, held-out accuracy after each retrain, and the review queue of unsure answers. */
export function intentsRoutes({ ds, sessions, rulesets }: AppDeps): Router {
  const router = Router();

  router.get('/intents', canRead(sessions), async (_req, res) => {
    const [rows, ruleset] = await Promise.all([ds.manager.find(IntentPhraseRow, { order: { id: 'ASC' } }), rulesets.get()]);
    const intents = INTENTS.map((name) => ({
      name, phrases: rows.filter((r) => r.intent === name).map((r) => ({ id: r.id, text: r.text, heldOut: r.heldOut })),
    }));
    const { intentThreshold, intentMargin } = ruleset.source.settings;
    res.json({ intents, accuracy: intentAccuracy(ruleset), modelVersion: ruleset.compiled.model.version, threshold: intentThreshold, margin: intentMargin });
  });

  router.post('/intents/retrain', canWrite(sessions), async (_req, res) => {
    const source = await loadRulesetSource(ds.manager);
    const started = performance.now();
    const ruleset = compileRuleset(source);
    res.json({ compileMs: Math.round((performance.now() - started) * 10) / 10, accuracy: intentAccuracy(ruleset), modelVersion: ruleset.compiled.model.version });
  });

  router.post('/intents/:intent/phrases', canWrite(sessions), async (req, res) => {
    const intent = intentName.safeParse(req.params.intent);
    if (!intent.success) throw notFound(`Intent "${String(req.params.intent)}"`);
    const input = parseBody(phraseSchema, req);
    const saved = await saveConfig(ds, authorOf(req), { entity: 'intent', key: intent.data, operation: 'add_phrase', summary: `add ${input.heldOut ? 'held-out' : 'training'} phrase to ${intent.data}: ${input.text}` },
      (em) => em.save(IntentPhraseRow, em.create(IntentPhraseRow, { intent: intent.data, text: input.text, heldOut: input.heldOut })));
    res.status(201).json({ phrase: { id: saved.result.id, intent: intent.data, text: saved.result.text, heldOut: saved.result.heldOut }, ...retrained(saved) });
  });

  router.delete('/intents/phrases/:id', canWrite(sessions), async (req, res) => {
    const row = await ds.manager.findOneBy(IntentPhraseRow, { id: idParam(req) });
    if (!row) throw notFound('Phrase');
    const saved = await saveConfig(ds, authorOf(req), { entity: 'intent', key: row.intent, operation: 'remove_phrase', summary: `remove phrase from ${row.intent}: ${row.text}` },
      (em) => em.delete(IntentPhraseRow, { id: row.id }));
    res.json({ deleted: row.id, ...retrained(saved) });
  });

  router.get('/intents/review', canRead(sessions), async (_req, res) => {
    const { intentThreshold } = (await rulesets.get()).source.settings;
    res.json({ items: await reviewQueue(ds.manager, intentThreshold) });
  });

  /** "This meant reschedule": the text becomes a training phrase, the model retrains, and it leaves the queue. */
  router.post('/intents/review/:messageId', canWrite(sessions), async (req, res) => {
    const { intent } = parseBody(teachSchema, req);
    const message = await ds.manager.findOneBy(Message, { id: idParam(req, 'messageId'), direction: 'in' });
    if (!message) throw notFound('Inbound message');
    if (await ds.manager.findOneBy(IntentReviewRow, { messageId: message.id })) throw new HttpError(409, 'already_reviewed', 'This message was already reviewed');
    const review = { messageId: message.id, intent, reviewerId: req.agent!.id };
    if (intent === null) {
      await ds.manager.insert(IntentReviewRow, review);
      res.json({ dismissed: message.id });
      return;
    }
    const saved = await saveConfig(ds, authorOf(req), { entity: 'intent', key: intent, operation: 'teach', summary: `teach ${intent} from message ${message.id}: ${message.body.slice(0, 200)}` }, async (em) => {
      await em.insert(IntentPhraseRow, { intent, text: message.body.slice(0, 500), heldOut: false });
      await em.insert(IntentReviewRow, review);
    });
    res.json({ taught: message.id, intent, ...retrained(saved) });
  });
  return router;
}
