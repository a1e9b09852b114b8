import { pageMessages } from './i18n';

/** The words of the narrow-screen layout: back buttons, the contact drawer, the header menu, loading placeholders. */
export const tl = pageMessages({
  backToList: ['‹ 会话', '‹ Conversations'],
  contact: ['顾客信息', 'Contact'],
  backToThread: ['‹ 返回会话', '‹ Back to thread'],
  closeContact: ['关闭顾客信息', 'Close contact'],
  menu: ['菜单', 'Menu'],
  loading: ['加载中…', 'Loading…'],
});
