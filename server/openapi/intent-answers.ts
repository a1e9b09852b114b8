import { z } from 'zod';
import { INTENTS } from '../../rules';
import type { IntentAccuracy } from '../admin/intent-accuracy';
import type { ReviewItem } from '../admin/review-queue';
import { configVersion } from './admin-answers';
import { isoInstant, itemsOf, type SameShape } from './common-schemas';

/** The intents page's answers (server/admin/intents.routes.ts): phrases, the classifier's held-out accuracy, the review queue. */

const intent = z.enum(INTENTS);

export const intentAccuracy = z.object({
  heldOut: z.number(), correct: z.number(),
  accuracy: z.number().nullable().describe('Share of held-out phrases the classifier names right; null with none held out'),
  misses: z.array(z.object({ text: z.string(), expected: z.string(), got: z.string().nullable(), score: z.number().nullable() })),
}).meta({ id: 'IntentAccuracy' });
true satisfies SameShape<typeof intentAccuracy, IntentAccuracy>;

const phrase = z.object({ id: z.number(), text: z.string(), heldOut: z.boolean().describe('Kept out of training, to measure accuracy') });

export const intentList = z.object({
  intents: z.array(z.object({ name: intent, phrases: z.array(phrase) })),
  accuracy: intentAccuracy, modelVersion: z.string(),
  threshold: z.number().describe('Settings: the score an intent needs'), margin: z.number().describe('Settings: its lead over the runner-up'),
});

/** Every change to the phrases retrains at once and saves a configuration version. */
const retrained = { version: configVersion, compileMs: z.number(), accuracy: intentAccuracy };

export const retrainAnswer = z.object({ compileMs: z.number(), accuracy: intentAccuracy, modelVersion: z.string() });
export const phraseAdded = z.object({ phrase: phrase.extend({ intent }), ...retrained });
export const phraseRemoved = z.object({ deleted: z.number().describe("The phrase's id"), ...retrained });

const reviewItem = z.object({
  messageId: z.number(), conversationId: z.number(), text: z.string(), receivedAt: isoInstant,
  reason: z.string().describe('low_confidence or no_match'),
  guess: z.object({ intent: z.string(), score: z.number() }).nullable().describe("The classifier's best guess, if it had one"),
});
true satisfies SameShape<typeof reviewItem, Omit<ReviewItem, 'receivedAt'> & { receivedAt: string }>;
export const reviewQueue = itemsOf(reviewItem);

export const reviewAnswer = z.union([
  z.object({ dismissed: z.number().describe('The message id, taken off the queue untaught (intent null)') }),
  z.object({ taught: z.number().describe('The message id, now a training phrase'), intent, ...retrained }),
]);
