import { classify, normalize, type Ruleset } from '../../rules';

export interface IntentAccuracy {
  heldOut: number;
  correct: number;
  /** Share of held-out phrases whose top intent is the labelled one; null with no held-out phrases. */
  accuracy: number | null;
  misses: Array<{ text: string; expected: string; got: string | null; score: number | null }>;
}

/**
 * How well the freshly trained classifier names the held-out phrases it never saw. Measures the model alone (not
 * thresholds or rules), which is what adding a training phrase changes.
 */
export function intentAccuracy(ruleset: Ruleset): IntentAccuracy {
  const heldOut = ruleset.source.intentPhrases.filter((p) => p.heldOut);
  const misses: IntentAccuracy['misses'] = [];
  for (const phrase of heldOut) {
    const top = classify(ruleset.compiled.model, normalize(phrase.text).text).ranked[0];
    if (top?.name !== phrase.intent) misses.push({ text: phrase.text, expected: phrase.intent, got: top?.name ?? null, score: top ? Math.round(top.score * 1000) / 1000 : null });
  }
  const correct = heldOut.length - misses.length;
  return { heldOut: heldOut.length, correct, accuracy: heldOut.length ? Math.round((correct / heldOut.length) * 1000) / 1000 : null, misses };
}
