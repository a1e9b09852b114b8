import { locale, pageMessages } from '../shared/i18n';
import type { FieldChange, VersionChange } from '../../../server/admin/version-contract';

/** The versions page's words: a save told as a sentence with names, and each field as "field: before → after". */
export const tv = pageMessages({
  version: ['版本', 'Version'],
  who: ['修改人', 'Who'],
  when: ['时间', 'When'],
  what: ['修改内容', 'What changed'],
  diff: ['查看变更', 'Show changes'],
  rollback: ['回滚到此版本', 'Roll back to this'],
  seed: ['系统（初始配置）', 'System (initial configuration)'],
  initial: ['第一次修改之前的配置', 'The configuration before the first admin edit'],
  rolledBackTo: ['回滚到版本 {version}', 'Rolled back to version {version}'],
  rolledBack: ['已回滚到版本 {version}（保存为新版本 {saved}）', 'Rolled back to version {version} (saved as version {saved})'],
  changesOf: ['版本 {version} 改了什么', 'What version {version} changed'],
  noChanges: ['内容没有变化', 'Nothing in the configuration changed'],
  more: ['另有 {n} 处', 'and {n} more'],
  empty: ['（空）', '(empty)'],
  confirmTitle: ['回滚到版本 {version}？', 'Roll back to version {version}?'],
  confirmText: ['机器人将改回 {who} 在 {when} 保存的配置。回滚会保存为一个新版本，之后仍可撤销。', 'The bot goes back to the configuration {who} saved at {when}. The rollback is saved as a new version, so it can be undone.'],
  confirm: ['确认回滚', 'Roll back'],
  cancel: ['取消', 'Cancel'],
  'rules.added': ['新增规则「{name}」', 'Added rule “{name}”'],
  'rules.removed': ['删除规则「{name}」', 'Removed rule “{name}”'],
  'rules.changed': ['改了规则「{name}」的{fields}', 'Changed rule “{name}”: {fields}'],
  'templates.added': ['新增模板「{name}」', 'Added template “{name}”'],
  'templates.removed': ['删除模板「{name}」', 'Removed template “{name}”'],
  'templates.changed': ['改了模板「{name}」的{fields}', 'Changed template “{name}”: {fields}'],
  'intentPhrases.added': ['新增训练短语「{name}」', 'Added training phrase “{name}”'],
  'intentPhrases.removed': ['删除训练短语「{name}」', 'Removed training phrase “{name}”'],
  'intentPhrases.changed': ['改了训练短语「{name}」', 'Changed training phrase “{name}”'],
  'settings.added': ['改了设置：{fields}', 'Changed settings: {fields}'],
  'settings.removed': ['改了设置：{fields}', 'Changed settings: {fields}'],
  'settings.changed': ['改了设置：{fields}', 'Changed settings: {fields}'],
});

/** Field names as an admin knows them; a field without words here shows its own name. */
const FIELD_WORDS = {
  name: ['名称', 'name'], enabled: ['启用', 'enabled'], priority: ['优先级', 'priority'], action: ['动作', 'action'],
  reply: ['回复', 'reply'], replyTemplate: ['回复模板', 'reply template'],
  'match.kind': ['匹配方式', 'match kind'], 'match.patterns': ['关键词', 'patterns'],
  'conditions.businessHours': ['营业时间条件', 'business-hours condition'], 'conditions.awaitingMenu': ['等待菜单条件', 'awaiting-menu condition'],
  'conditions.tagsAny': ['标签条件', 'tags condition'], addTags: ['添加的标签', 'tags to add'],
  'bodies.zh-CN': ['中文正文', 'Chinese text'], 'bodies.en': ['英文正文', 'English text'], menu: ['菜单', 'menu'], menuTtlMinutes: ['菜单有效时长', 'menu lifetime'],
  timezone: ['时区', 'time zone'], businessHours: ['营业时间', 'business hours'], closedDates: ['休息日', 'closed dates'],
  makeUpWorkdays: ['调休上班日', 'make-up workdays'],
  intentThreshold: ['意图阈值', 'intent threshold'], intentMargin: ['意图差距', 'intent margin'], handoffTexts: ['转人工回复', 'hand-off texts'],
} as const;
const FIELDS = pageMessages(FIELD_WORDS);
const known = (field: string): field is keyof typeof FIELD_WORDS => field in FIELD_WORDS;

/** "关键词" for match.patterns; a setting's part keeps its tail (营业时间 1 for businessHours.1). */
export function fieldName(field: string): string {
  if (known(field)) return FIELDS(field);
  const dot = field.indexOf('.');
  const head = field.slice(0, dot);
  return dot > 0 && known(head) ? `${FIELDS(head)} ${field.slice(dot + 1)}` : field;
}

/** One item's change as a sentence: 改了规则「营业时间」的回复. */
export const changeSentence = (c: VersionChange): string => {
  const fields = c.fields.map((f) => fieldName(f.field)).join(locale.value === 'en' ? ', ' : '、');
  return tv(`${c.section}.${c.kind}`, { name: c.name, fields });
};

/** "回复：9点 → 10点". */
export const fieldLine = (f: FieldChange): string =>
  `${fieldName(f.field)}: ${f.before ?? tv('empty')} → ${f.after ?? tv('empty')}`;

/** A time as the business reads it: its own time zone, 24-hour, whatever the browser's zone. */
export function businessTime(iso: string, timeZone: string | undefined): string {
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) };
  return new Intl.DateTimeFormat(locale.value === 'en' ? 'en-GB' : 'zh-CN', opts).format(new Date(iso));
}
