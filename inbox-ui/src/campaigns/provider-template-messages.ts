import { pageMessages } from '../shared/i18n';

/** The provider template fields' words [中文, English] (kept apart from campaigns-messages.ts, edited alongside). */
export const tp = pageMessages({
  title: ['审核通过的短信模板', 'Approved provider template'],
  hint: ['此通道只发送审核通过的模板：填写模板编号、审核通过的原文，以及每个参数由哪个变量填充。', 'This channel sends approved templates only: give the template code, its approved text, and which variable fills each parameter.'],
  code: ['模板编号', 'Template code'],
  text: ['审核通过的原文', 'Approved text'],
  param: ['参数 {param}', 'Parameter {param}'],
  choose: ['选择变量', 'Choose a variable'],
  save: ['保存模板', 'Save template'],
  saved: ['已保存', 'Saved'],
});
