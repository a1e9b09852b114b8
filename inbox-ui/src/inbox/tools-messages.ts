import type { ConversationPriority } from '../../../server/inbox/socket-contract';
import { pageMessages } from '../shared/i18n';

/** The conversation tools' words (filters, bulk bar, labels and priority, new conversation), zh and en. */
export const tt = pageMessages({
  filterLabel: ['标签', 'Label'],
  filterAssignee: ['负责人', 'Assignee'],
  filterPriority: ['优先级', 'Priority'],
  filterChannel: ['渠道', 'Channel'],
  any: ['全部', 'Any'],
  nobody: ['未分配', 'Nobody'],
  me: ['我', 'Me'],
  noPriority: ['无优先级', 'No priority'],
  none: ['无', 'none'],
  clearFilters: ['清除筛选', 'Clear filters'],
  'priority.urgent': ['紧急', 'Urgent'],
  'priority.high': ['高', 'High'],
  'priority.medium': ['中', 'Medium'],
  'priority.low': ['低', 'Low'],
  'channel.twilio': ['Twilio 短信', 'Twilio SMS'],
  'channel.generic': ['通用接口', 'Generic webhook'],
  'channel.loopback': ['模拟器', 'Simulator'],
  'channel.aliyun': ['阿里云短信', 'Aliyun SMS'],
  'channel.tencent': ['腾讯云短信', 'Tencent Cloud SMS'],
  select: ['选择', 'Select'],
  selectAll: ['全选已加载的', 'Select all loaded'],
  selected: ['已选 {n} 个', '{n} selected'],
  cancel: ['取消', 'Cancel'],
  bulkAssign: ['分配给…', 'Assign to…'],
  bulkResolve: ['解决', 'Resolve'],
  bulkLabel: ['加标签', 'Add label'],
  bulkUnlabel: ['去标签', 'Remove label'],
  labelPlaceholder: ['标签名', 'Label'],
  'done.assign': ['{n} 个已分配', '{n} assigned'],
  'done.resolve': ['{n} 个已解决', '{n} resolved'],
  'done.label': ['{n} 个已加标签', '{n} labelled'],
  'done.unlabel': ['{n} 个已去标签', '{n} unlabelled'],
  failed: ['{n} 个失败：{why}', '{n} failed: {why}'],
  summary: ['{done}，{failed}', '{done}, {failed}'],
  labels: ['标签', 'Labels'],
  addLabel: ['添加标签', 'Add a label'],
  removeLabel: ['移除标签 {label}', 'Remove label {label}'],
  priority: ['优先级', 'Priority'],
  newConversation: ['新建会话', 'New conversation'],
  newConversationHint: ['新建会话 (n)', 'New conversation (n)'],
  phone: ['电话号码', 'Phone number'],
  nameOptional: ['姓名（可选）', 'Name (optional)'],
  message: ['短信内容', 'Message'],
  send: ['发送', 'Send'],
  sending: ['发送中…', 'Sending…'],
  transactionalOnly: ['只用于服务通知（预约、报告、回复），不可发送营销内容。', 'For service texts only (appointments, results, replies), never marketing.'],
  optedOutRefused: ['此号码已退订所有短信，不能发送。客户回复 START 后才能再联系。', 'This number has opted out of all texts: nothing can be sent until the customer texts START.'],
});

export const priorityLabel = (p: ConversationPriority) => tt(`priority.${p}`);
export const channelLabel = (c: string) => ((CHANNELS as readonly string[]).includes(c) ? tt(`channel.${c}` as 'channel.twilio') : c);

/** The providers a conversation's texts may have come through (issue 15 turns these into channels of their own). */
export const CHANNELS = ['twilio', 'aliyun', 'tencent', 'generic', 'loopback'] as const;

/** The list's filters as the inbox keeps them: '' is "any". */
export interface ListFilterState { label: string; assignee: string; priority: string; channel: string }
export const noFilters = (): ListFilterState => ({ label: '', assignee: '', priority: '', channel: '' });
