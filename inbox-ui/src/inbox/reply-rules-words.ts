import { pageMessages } from '../shared/i18n';

/** What the composer says on a provider that sends approved templates only (Aliyun, Tencent). */
export const tr = pageMessages({
  noFreeText: ['此短信通道只能发送已备案的模板，且没有配置客服模板（agent_reply），不能发送自由回复。', 'This SMS provider sends approved templates only and has no customer-service template (agent_reply): free replies cannot be sent.'],
  tooLong: ['此短信通道通过客服模板发送回复，最多 {max} 个字（现在 {count} 个）。', 'This SMS provider sends replies through its customer-service template: at most {max} characters (now {count}).'],
});
