import { compileRuleset, renderTemplate, renderText, templateVariables, validateRuleset } from '../../rules';
import { cloneSource, defaultRuleset } from './support';

const vars = {
  business: { name: '示例口腔诊所' }, contact: { name: '张伟', phone: '+8613800138000' },
  appointment: { service: '洗牙', when: '11月22日(周六) 10:00', location: '示例口腔诊所' },
};

describe('templates', () => {
  test('the reminder renders with its menu text in Chinese', () => {
    expect(renderTemplate(defaultRuleset(), 'appointment_reminder', 'zh-CN', vars)).toBe(
      '【示例口腔诊所】张伟您好，您预约了11月22日(周六) 10:00的洗牙。确认请回复1，改期请回复2，取消请回复3，人工客服请回复0。');
  });

  test('an English contact gets the English body; an unknown locale falls back to zh-CN', () => {
    expect(renderTemplate(defaultRuleset(), 'handoff_ack', 'en-US', vars)).toMatch(/^\[示例口腔诊所\] We have passed/);
    expect(renderTemplate(defaultRuleset(), 'handoff_ack', 'fr', vars)).toBe('【示例口腔诊所】已为您转接人工客服，请稍候。');
  });

  test('the closed acknowledgement promises the reopening time in both languages', () => {
    expect(renderTemplate(defaultRuleset(), 'handoff_ack_closed', 'zh-CN', { ...vars, reopensAt: '09:00' })).toContain('我们将于 09:00 回复您');
    expect(renderTemplate(defaultRuleset(), 'handoff_ack_closed', 'en', { ...vars, reopensAt: '09:00' })).toContain('we will reply at 09:00');
  });

  test('the slot offer lists every slot', () => {
    const text = renderTemplate(defaultRuleset(), 'reschedule_offer', 'zh-CN', {
      ...vars, slots: [{ option: 'A', when: '11月24日(周一) 10:00' }, { option: 'B', when: '11月24日(周一) 14:00' }],
    });
    expect(text).toContain('\nA. 11月24日(周一) 10:00\nB. 11月24日(周一) 14:00\n');
  });

  test('a missing variable throws instead of sending an empty string', () => {
    expect(() => renderTemplate(defaultRuleset(), 'appointment_confirmed', 'zh-CN', { business: { name: 'x' }, contact: { name: 'y' } })).toThrow(/appointment_confirmed.*"when" not defined/);
    expect(() => renderText('您好 {{contact.name}}', {})).toThrow();
  });

  test('SMS text is not HTML-escaped', () => {
    expect(renderText('{{business.name}} & <b>', { business: { name: 'R&D 诊所' } })).toBe('R&D 诊所 & <b>');
  });

  test('templateVariables lists variables, including fields read inside #each', () => {
    expect(templateVariables('{{business.name}} {{#each slots}}{{option}} {{when}}{{/each}} {{reopensAt}}').sort())
      .toEqual(['business.name', 'reopensAt', 'slots', 'slots[].option', 'slots[].when']);
  });

  test('the validator reports an unknown variable and a variable a system template cannot rely on', () => {
    const source = cloneSource();
    source.templates.find((t) => t.key === 'faq_hours')!.bodies['zh-CN'] = '{{business.nmae}}';
    source.templates.find((t) => t.key === 'handoff_ack')!.bodies['zh-CN'] = '{{appointment.when}} 请稍候';
    const problems = validateRuleset(source).filter((p) => p.severity !== 'warning');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('unknown variable "appointment.when"'),
      expect.stringContaining('unknown variable "business.nmae"'),
    ]);
    expect(() => compileRuleset(source)).toThrow(/business\.nmae/);
  });

  test('a template that does not parse is reported with its path', () => {
    const source = cloneSource();
    source.templates[0].bodies.en = '{{#each slots}} unclosed';
    expect(validateRuleset(source)).toEqual([expect.objectContaining({ path: 'templates[0].bodies.en', message: expect.stringContaining('does not parse') })]);
  });
});
