import { pageMessages } from '../shared/i18n';

/** The words of canned replies, in the composer and on their admin page. */
export const tc = pageMessages({
  canned: ['快捷回复', 'Canned replies'],
  slashHint: ['输入 / 加快捷名插入；↑↓ 选择，回车插入，Esc 关闭', 'Type / and a shortcut; ↑↓ to choose, Enter to insert, Esc to close'],
  noneFound: ['没有匹配的快捷回复', 'No canned reply matches'],
  noneYet: ['还没有快捷回复', 'No canned replies yet'],
  manage: ['管理快捷回复', 'Manage canned replies'],
  team: ['团队', 'Team'],
  mine: ['我的', 'Mine'],
  shortcut: ['快捷名', 'Shortcut'],
  shortcutHint: ['小写字母、数字、_ 或 -，最多 30 个', 'Lower-case letters, digits, _ or -, up to 30'],
  bodyZh: ['中文内容', 'Chinese text'],
  bodyEn: ['英文内容', 'English text'],
  variables: ['可用变量：', 'Variables you can use: '],
  scope: ['谁可以用', 'Who uses it'],
  scopeTeam: ['整个团队', 'The whole team'],
  scopeMine: ['只有我', 'Only me'],
  add: ['新建', 'New reply'],
  saved: ['已保存', 'Saved'],
  confirmDelete: ['删除快捷回复 /{shortcut}？', 'Delete the canned reply /{shortcut}?'],
  readOnlyTeam: ['团队回复由管理员维护；你可以新建自己的回复。', 'Team replies are kept by admins; you can add your own.'],
});
