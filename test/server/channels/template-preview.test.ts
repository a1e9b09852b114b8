import { approvedParams, previewTemplate } from '../../../server/channels/template-preview';

const samples = { contact: { name: '张伟' }, appointment: { when: '11月26日(周四) 10:00' }, body: '您好'.repeat(20) };

describe('what the carrier delivers for a provider template', () => {
  it.each([
    { description: 'Aliyun ${name} parameters, first use order, repeats once', provider: 'aliyun' as const, text: '${name}您好，${time}见，${name}', expected: ['name', 'time'] },
    { description: 'Tencent {1} parameters', provider: 'tencent' as const, text: '{1}您好，{2}见', expected: ['1', '2'] },
    { description: 'Tencent ignores ${name}', provider: 'tencent' as const, text: '${name}', expected: [] },
  ])('$description', ({ provider, text, expected }) => {
    expect(approvedParams(provider, text)).toEqual(expected);
  });

  it('fills Tencent positions and puts the signature first', () => {
    const preview = previewTemplate({ provider: 'tencent', signName: '示例诊所', text: '{1}您好，您的预约{2}已确认', params: { 1: 'contact.name', 2: 'appointment.when' }, samples });
    const text = '【示例诊所】张伟您好，您的预约11月26日(周四) 10:00已确认';
    expect(preview).toEqual({ text, length: [...text].length, billed: 1, warnings: [] });
  });

  it('warns of a value over 35 characters, an unmapped parameter and a variable with no sample', () => {
    const preview = previewTemplate({
      provider: 'aliyun', signName: '示例诊所', text: '${content}${x}${y}', params: { content: 'body', y: 'appointment.room' }, samples,
    });
    expect(preview.warnings).toEqual([
      { kind: 'long_value', param: 'content', length: 40 },
      { kind: 'unmapped_param', param: 'x' },
      { kind: 'no_sample', param: 'y', variable: 'appointment.room' },
    ]);
    expect(preview.text).toBe(`【示例诊所】${'您好'.repeat(20)}\${x}\${y}`);
  });

  it('counts 70 characters, signature included, as one message and 71 as two', () => {
    const at = (n: number) => previewTemplate({ provider: 'aliyun', signName: '签名', text: '字'.repeat(n - 4), params: {}, samples });
    expect([at(70).billed, at(71).billed, at(134).billed, at(135).billed]).toEqual([1, 2, 2, 3]);
  });
});
