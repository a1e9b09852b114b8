import { compileRuleset, evaluate, renderTemplate, validateRuleset } from '../../rules';
import { parseChoice } from '../../rules/text/choice';
import { normalize } from '../../rules/text/normalize';
import { cloneSource, defaultRuleset, inputFor } from './support';

/** The parts of "answers like a good receptionist" that are not one text in, one decision out. */
describe('urgent words are the clinic\'s to choose', () => {
  test('an admin-added word makes a text urgent, and a word taken off the list no longer does', () => {
    const source = cloneSource();
    source.settings.urgentKeywords = ['智齿发炎'];
    const ruleset = compileRuleset(source);
    expect(evaluate(ruleset, inputFor(ruleset, { text: '智齒發炎了' })).params).toEqual({ reason: 'urgent' });
    expect(evaluate(ruleset, inputFor(ruleset, { text: '牙疼得厉害' })).params.reason).not.toBe('urgent');
  });

  test('the list and the phone number are validated like every other setting', () => {
    const source = cloneSource();
    source.settings.urgentKeywords = ['出血', '', 'x'.repeat(41)];
    source.settings.businessPhone = 'call us!';
    expect(validateRuleset(source).map((p) => p.path)).toEqual(['settings.businessPhone', 'settings.urgentKeywords[1]', 'settings.urgentKeywords[2]']);
  });
});

describe('replies follow the customer\'s script', () => {
  const vars = { business: { name: '示例口腔诊所', phone: '0571-8888 0000' }, contact: { name: '陈先生', phone: '+85291234567' }, appointment: { service: '洗牙', when: '12月3日 10:00', location: '示例口腔诊所' } };

  test('a traditional reader gets the Chinese body converted to traditional characters', () => {
    const text = renderTemplate(defaultRuleset(), 'appointment_confirmed', 'zh-HK', vars, 'traditional');
    expect(text).toContain('已為您確認');
    expect(text).not.toContain('确认');
  });

  test('an admin-written traditional body is sent as written, not converted', () => {
    const source = cloneSource();
    source.templates.find((t) => t.key === 'appointment_confirmed')!.bodies['zh-HK'] = '【{{business.name}}】收到，{{appointment.when}}見！';
    const text = renderTemplate(compileRuleset(source), 'appointment_confirmed', 'zh-CN', vars, 'traditional');
    expect(text).toBe('【示例口腔诊所】收到，12月3日 10:00見！');
  });

  test('a simplified reader and an English reader are left alone', () => {
    expect(renderTemplate(defaultRuleset(), 'appointment_confirmed', 'zh-CN', vars, 'simplified')).toContain('已为您确认');
    expect(renderTemplate(defaultRuleset(), 'urgent_ack', 'en', vars, 'traditional')).toContain('0571-8888 0000');
  });

  test('the text tells a traditional writer from a simplified one', () => {
    expect(normalize('確認，謝謝').traditional).toBe(true);
    expect(normalize('确认，谢谢').traditional).toBe(false);
    expect(normalize('ok 👍').traditional).toBe(false);
  });
});

describe('English number words are choices', () => {
  test.each([['two', '2'], ['Two.', '2'], ['option two', '2'], ['three please', '3'], ['number 3', '3'], ['zero', '0']])('%s reads as %s', (text, key) => {
    expect(parseChoice(normalize(text).plain)).toBe(key);
  });

  test.each(['no one told me', 'no one', 'one more thing'])('%s is no choice', (text) => {
    expect(parseChoice(normalize(text).plain)).toBeNull();
  });
});
