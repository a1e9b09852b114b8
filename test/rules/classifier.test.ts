import { performance } from 'node:perf_hooks';
import { classify, trainIntents } from '../../rules/intent/classifier';
import { intentTokens } from '../../rules/intent/tokenize';
import { normalize } from '../../rules/text/normalize';
import { cloneSource } from './support';

const phrases = cloneSource().intentPhrases;

describe('intent classifier', () => {
  test('training is deterministic: same phrases, same model version and scores', () => {
    const a = trainIntents(phrases);
    const b = trainIntents(phrases);
    expect(a.version).toBe(b.version);
    const text = normalize('能不能改到周四上午').text;
    expect(classify(a, text).ranked).toEqual(classify(b, text).ranked);
  });

  test('retraining takes milliseconds, not seconds', () => {
    trainIntents(phrases);
    const started = performance.now();
    trainIntents(phrases);
    // ~50 ms on an idle machine; the bound leaves room for a loaded CI runner.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('editing a phrase changes the model version', () => {
    expect(trainIntents([...phrases, { intent: 'confirm', text: '妥了' }]).version).not.toBe(trainIntents(phrases).version);
  });

  test('held-out phrases are not trained on, and most are still named right', () => {
    const model = trainIntents(phrases);
    const held = phrases.filter((p) => p.heldOut);
    expect(trainIntents(phrases.filter((p) => !p.heldOut)).version).toBe(model.version);
    const right = held.filter((p) => classify(model, normalize(p.text).text).ranked[0]?.name === p.intent);
    expect(right.length / held.length).toBeGreaterThan(0.75);
  });

  test('scores are normalised and a text with no known word scores nothing', () => {
    const model = trainIntents(phrases);
    const sum = classify(model, normalize('我想改期').text).ranked.reduce((s, r) => s + r.score, 0);
    expect(sum).toBeCloseTo(1, 6);
    expect(classify(model, normalize('zzqx').text)).toMatchObject({ ranked: [], knownTokens: 0 });
  });

  test.each([
    ['Chinese is read as character bigrams', '改到周四', ['改到', '到周', '周四']],
    ['negation marks the words in its scope', '别取消', ['别取', '~取消', '~@CANCEL']],
    ['A-not-A questions are not negations', '能不能改', ['能改', '@CHANGE']],
    ['English negation reaches the next words', "don't cancel", ["don't", '~cancel', '~@CANCEL']],
    ['digits fold so times look alike', '3点', ['#点', '@DATE']],
  ])('%s', (_d, text, expected) => {
    expect(intentTokens(normalize(text).text).filter((t) => !t.includes('3:'))).toEqual(expect.arrayContaining(expected));
  });
});
