import type { BayesClassifier as NaturalBayesClassifier } from 'natural/lib/natural/classifiers';
import type { IntentPhrase, IntentScore } from '../types';
import { normalize } from '../text/normalize';
import { intentTokens } from './tokenize';

// The Bayes classifier's own file: the classifiers' index also loads logistic regression and maximum entropy, which
// Huixin never uses and which took 300 ms of every start (bench:start).
const BayesClassifier = require('natural/lib/natural/classifiers/bayes_classifier') as typeof NaturalBayesClassifier;

/**
 * Naive Bayes from `natural`, trained on the phrases admins edit. Smoothing 0.1 with normalised scores separates
 * right from wrong at about 0.5 (DESIGN.md §6). Training takes milliseconds and is deterministic: same phrases,
 * same order, same model.
 */
const SMOOTHING = 0.1;

export interface IntentModel {
  version: string;
  intents: string[];
  /** Token → the index natural gave it; tokens outside the vocabulary carry no evidence. */
  vocabulary: Map<string, number>;
  /** Per intent: log P(intent) and log P(token | intent) for known tokens, with the unseen-token fallback. */
  logPrior: number[];
  logLikelihood: Array<Map<number, number>>;
  logUnseen: number[];
}

export interface Classification { ranked: IntentScore[]; knownTokens: number; tokens: string[] }

export function trainIntents(phrases: IntentPhrase[]): IntentModel {
  const bayes = new BayesClassifier(undefined, SMOOTHING);
  const training = phrases.filter((p) => !p.heldOut);
  for (const p of training) bayes.addDocument(intentTokens(normalize(p.text).text), p.intent);
  const vocabulary = new Map(Object.keys(bayes.features).map((token, i) => [token, i] as const));
  const apparatus = bayes.classifier;
  // natural's train() finds each document's features with indexOf over the whole vocabulary (~300 ms here);
  // the same presence vectors built from the vocabulary index take a few milliseconds.
  for (const doc of bayes.docs) {
    const features = new Array<number>(vocabulary.size).fill(0);
    for (const t of doc.text as unknown as string[]) features[vocabulary.get(t)!] = 1;
    apparatus.addExample(features, doc.label);
  }
  bayes.lastAdded = bayes.docs.length;
  apparatus.train();
  const intents = Object.keys(apparatus.classFeatures ?? {}).sort();
  // Read natural's counts and score in log space: its own product of probabilities underflows to 0 on long texts.
  const logLikelihood = intents.map((intent) => {
    const counts = apparatus.classFeatures[intent];
    return new Map(Object.entries(counts).map(([i, c]) => [Number(i), Math.log(c / apparatus.classTotals[intent])] as const));
  });
  return {
    version: modelVersion(training),
    intents, vocabulary, logLikelihood,
    logPrior: intents.map((i) => Math.log(apparatus.classTotals[i] / apparatus.totalExamples)),
    logUnseen: intents.map((i) => Math.log(SMOOTHING / apparatus.classTotals[i])),
  };
}

/** Scores summing to 1 over the trained intents, best first; `knownTokens` 0 means the model knows nothing here. */
export function classify(model: IntentModel, normalizedText: string): Classification {
  const tokens = intentTokens(normalizedText, (t) => model.vocabulary.has(t));
  const seen = new Set<number>();
  for (const t of tokens) { const i = model.vocabulary.get(t); if (i !== undefined) seen.add(i); }
  if (seen.size === 0 || model.intents.length === 0) return { ranked: [], knownTokens: 0, tokens };
  const logs = model.intents.map((_, k) => {
    let sum = model.logPrior[k];
    for (const i of seen) sum += model.logLikelihood[k].get(i) ?? model.logUnseen[k];
    return sum;
  });
  const max = Math.max(...logs);
  const exp = logs.map((l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  const ranked = model.intents.map((name, k) => ({ name, score: exp[k] / total })).sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
  return { ranked, knownTokens: seen.size, tokens };
}

/** A short stable fingerprint of the training set, echoed into traces so a decision names the model that made it. */
function modelVersion(training: IntentPhrase[]): string {
  let h = 0x811c9dc5;
  for (const p of training) {
    for (const ch of `${p.intent}\u0000${p.text}\u0001`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `nb-${training.length}-${h.toString(16).padStart(8, '0')}`;
}
