import { checkTemplateText, compileRuleset, renderTemplate, renderText, validateRule } from '../../rules';
import type { RuleDef } from '../../rules/types';
import { cloneSource, defaultRuleset } from './support';

const vars = {
  business: { name: '示例口腔诊所' }, contact: { name: '张伟', phone: '+8613800138000' },
  appointment: { service: '洗牙', when: '11月22日(周六) 10:00', location: '示例口腔诊所' },
};

const rule = (reply: string): RuleDef => ({
  id: 'r1', name: 'test', enabled: true, priority: 0, match: { kind: 'contains', patterns: ['发票'] }, action: 'faq', reply,
});

describe('the SMS template environment is locked down', () => {
  test.each([
    ['a partial', 'hi {{> foo}}', 'partials ({{> …}}) are not allowed in SMS templates'],
    ['a partial block', '{{#> foo}}hi{{/foo}}', 'partials ({{> …}}) are not allowed in SMS templates'],
    ['an inline partial', '{{#*inline "foo"}}hi{{/inline}}', 'inline partials'],
    ['the log helper', '{{log contact.phone}}', 'the helper "log" is not allowed in SMS templates'],
    ['the lookup helper', '{{lookup contact "constructor"}}', 'the helper "lookup" is not allowed in SMS templates'],
    ['lookup inside a block argument', '{{#if (lookup contact "name")}}x{{/if}}', 'the helper "lookup" is not allowed'],
    ['a #with block', '{{#with contact}}{{name}}{{/with}}', '{{#with}} is not allowed in SMS templates'],
    ['a section over a variable', '{{#contact}}hi{{/contact}}', '{{#contact}} is not allowed'],
    ['a variable called with arguments', '{{contact.name "x"}}', 'the helper "contact.name" is not allowed'],
  ])('%s is refused at save, saying what is not allowed', (_d, text, words) => {
    expect(checkTemplateText(text, 'reply')).toEqual([{ path: 'reply', message: expect.stringContaining(words) }]);
  });

  test('an inline rule reply is checked the same way, under its own field', () => {
    expect(validateRule(rule('hi {{> foo}}'), cloneSource())).toEqual([
      { path: 'rules.r1.reply', message: 'partials ({{> …}}) are not allowed in SMS templates' },
    ]);
  });

  test('a stored template with a partial stops the ruleset from compiling', () => {
    const source = cloneSource();
    source.templates.find((t) => t.key === 'help')!.bodies.en = 'Call us {{> phone}}';
    expect(() => compileRuleset(source)).toThrow(/templates\[\d+\]\.bodies\.en: partials/);
  });

  test('what validation would refuse cannot be rendered either, and log never writes the phone anywhere', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    try {
      expect(() => renderText('{{log contact.phone}}', vars)).toThrow(/not allowed/);
      expect(() => renderText('hi {{> foo}}', vars)).toThrow(/partials/);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  test('prototype properties are never variables: refused at save, and render nothing', () => {
    for (const text of ['{{contact.constructor}}', '{{contact.__proto__}}', '{{@root.constructor.name}}', '{{#each slots}}{{constructor}}{{/each}}']) {
      expect(checkTemplateText(text, 'reply')).toEqual([expect.objectContaining({ message: expect.stringContaining('unknown variable') })]);
    }
    // Handlebars says once on stderr that it denied the access; that notice is not what this test is about.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try { expect(renderText('[{{contact.constructor}}]', vars)).toBe('[]'); } finally { quiet.mockRestore(); }
  });

  test('@root reads the same variables as the top level, so a reply inside #each can still greet the contact', () => {
    expect(checkTemplateText('{{#each slots}}{{option}} {{@root.contact.name}}{{/each}}', 'reply')).toEqual([]);
    expect(checkTemplateText('{{@root.contact.nam}}', 'reply')).toEqual([expect.objectContaining({ message: expect.stringContaining('"contact.nam"') })]);
  });

  test('a template that would fail at send time fails at save: it is rendered once with placeholder variables', () => {
    expect(checkTemplateText('{{#each}}x{{/each}}', 'reply')).toEqual([expect.objectContaining({ message: expect.stringContaining('cannot render') })]);
    expect(checkTemplateText('{{#if}}x{{/if}}', 'reply')).toEqual([expect.objectContaining({ message: expect.stringContaining('cannot render') })]);
  });

  test('the blocks the seed templates use, and #if / #unless, still save and render', () => {
    const text = '{{#if appointment.when}}{{appointment.when}}{{else}}-{{/if}}{{#unless contact.name}}!{{/unless}}{{#each slots}}\n{{option}}. {{when}}{{/each}}';
    expect(checkTemplateText(text, 'reply')).toEqual([]);
    expect(renderText(text, { ...vars, slots: [{ option: 'A', when: '周一' }] })).toBe('11月22日(周六) 10:00\nA. 周一');
  });

  test('an unknown locale, even one named like a prototype key, falls back to a body the template has', () => {
    for (const locale of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(renderTemplate(defaultRuleset(), 'handoff_ack', locale, vars)).toBe('【示例口腔诊所】已为您转接人工客服，请稍候。');
    }
  });
});
