import { locale, pageMessages } from './i18n';

/**
 * The human name of a field a 400 names, in the agent's language, read from the paths the server really sends:
 * zod's dotted paths (`closedDates.2`, `weeklyHours.mon.0.1`) and the rules engine's (`rules.draft.match.patterns[0]`,
 * `templates[3].bodies.en`, `settings.businessHours.1`). The last named segment decides; an index after a list's
 * name makes it "第 3 个休息日" / "Closed date 3"; an unknown name is shown as it is.
 */
const NAMES = {
  name: ['名称', 'Name'],
  phone: ['电话', 'Phone'],
  email: ['邮箱', 'Email'],
  password: ['密码', 'Password'],
  currentPassword: ['当前密码', 'Current password'],
  token: ['邀请链接', 'Invitation link'],
  role: ['角色', 'Role'],
  locale: ['语言', 'Language'],
  timezone: ['时区', 'Time zone'],
  active: ['启用', 'Active'],
  durationMinutes: ['时长（分钟）', 'Duration (minutes)'],
  bufferMinutes: ['间隔（分钟）', 'Buffer (minutes)'],
  slotMinutes: ['预约间隔（分钟）', 'Slot length (minutes)'],
  capacity: ['同时接待人数', 'Capacity'],
  address: ['地址', 'Address'],
  weeklyHours: ['每周营业时间', 'Weekly hours'],
  businessHours: ['营业时间', 'Business hours'],
  closedDates: ['休息日', 'Closed dates'],
  makeUpWorkdays: ['调休上班日', 'Make-up workdays'],
  weekday: ['按星期几上班', 'Weekday it works as'],
  periods: ['时段', 'Periods'],
  locationIds: ['门店', 'Locations'],
  locationId: ['门店', 'Location'],
  staffIds: ['员工', 'Staff'],
  staffId: ['员工', 'Staff member'],
  serviceIds: ['服务项目', 'Services'],
  serviceId: ['服务项目', 'Service'],
  startsAt: ['开始时间', 'Start time'],
  contactPhone: ['客户电话', 'Customer phone'],
  contactId: ['联系人', 'Contact'],
  tags: ['标签', 'Tags'],
  tag: ['标签', 'Tag'],
  attributes: ['自定义字段', 'Custom fields'],
  consent: ['同意状态', 'Consent'],
  text: ['内容', 'Text'],
  body: ['正文', 'Body'],
  bodies: ['正文', 'Text'],
  key: ['键', 'Key'],
  code: ['模板编号', 'Template code'],
  params: ['模板参数', 'Template parameters'],
  callbackSecret: ['回调密钥', 'Callback secret'],
  callbackIps: ['回调来源 IP', 'Callback source IPs'],
  kind: ['匹配方式', 'Match kind'],
  match: ['匹配', 'Match'],
  patterns: ['匹配模式', 'Patterns'],
  action: ['动作', 'Action'],
  reply: ['回复内容', 'Reply'],
  replyTemplate: ['回复模板', 'Reply template'],
  template: ['模板', 'Template'],
  templates: ['模板', 'Templates'],
  priority: ['优先级', 'Priority'],
  enabled: ['启用', 'Enabled'],
  conditions: ['条件', 'Conditions'],
  tagsAny: ['标签条件', 'Tags condition'],
  addTags: ['添加的标签', 'Tags to add'],
  awaitingMenu: ['等待回复的菜单', 'Awaiting menu'],
  menu: ['菜单', 'Menu'],
  menuTtlMinutes: ['菜单有效期（分钟）', 'Menu valid for (minutes)'],
  businessName: ['商户名称', 'Business name'],
  businessPhone: ['商户电话', 'Business phone'],
  quietHours: ['免打扰时段', 'Quiet hours'],
  start: ['开始', 'Start'],
  end: ['结束', 'End'],
  intentThreshold: ['意图置信阈值', 'Intent threshold'],
  intentMargin: ['意图差距', 'Intent margin'],
  assignmentCap: ['每人会话上限', 'Conversations per agent'],
  urgentKeywords: ['紧急关键词', 'Urgent keywords'],
  reminders: ['提醒', 'Reminders'],
  minutes: ['提前分钟数', 'Minutes before'],
  handoffTexts: ['转人工回复', 'Hand-off replies'],
  intent: ['意图', 'Intent'],
  intentPhrases: ['意图例句', 'Intent phrases'],
  until: ['暂停至', 'Snooze until'],
  from: ['发送号码', 'From'],
  inReplyTo: ['所回复的模板', 'In reply to'],
  q: ['搜索', 'Search'],
  status: ['状态', 'Status'],
  limit: ['数量', 'Limit'],
  cursor: ['分页位置', 'Page position'],
  assignee: ['负责人', 'Assignee'],
  view: ['视图', 'View'],
  settings: ['设置', 'Settings'],
} satisfies Record<string, readonly [string, string]>;
const names = pageMessages(NAMES);

/** Lists whose items are named one by one: `closedDates[2]` → 第 3 个休息日 / Closed date 3. */
const ITEMS = {
  patterns: ['第 {n} 个匹配模式', 'Pattern {n}'],
  closedDates: ['第 {n} 个休息日', 'Closed date {n}'],
  makeUpWorkdays: ['第 {n} 个调休上班日', 'Make-up workday {n}'],
  urgentKeywords: ['第 {n} 个紧急关键词', 'Urgent keyword {n}'],
  reminders: ['第 {n} 个提醒', 'Reminder {n}'],
  templates: ['第 {n} 个模板', 'Template {n}'],
  tags: ['第 {n} 个标签', 'Tag {n}'],
  tagsAny: ['第 {n} 个标签条件', 'Tag condition {n}'],
  addTags: ['第 {n} 个添加的标签', 'Tag to add {n}'],
  menu: ['第 {n} 个菜单选项', 'Menu option {n}'],
  weekPeriod: ['第 {n} 段', 'period {n}'],
} satisfies Record<string, readonly [string, string]>;
const items = pageMessages(ITEMS);
/** Fields of a listed item that its item's name says best. */
const ITEM_PARTS: ReadonlySet<string> = new Set(['date', 'weekday', 'periods']);

const days = pageMessages({
  mon: ['周一营业时间', 'Monday hours'], tue: ['周二营业时间', 'Tuesday hours'], wed: ['周三营业时间', 'Wednesday hours'],
  thu: ['周四营业时间', 'Thursday hours'], fri: ['周五营业时间', 'Friday hours'], sat: ['周六营业时间', 'Saturday hours'],
  sun: ['周日营业时间', 'Sunday hours'],
});
type Day = Parameters<typeof days>[0];
/** settings.businessHours counts weekdays 1 (Monday) to 7. */
const DAY_BY_NUMBER: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Whether a path segment is one of a dictionary's keys (an index or an unknown name is not). */
const isKeyOf = <T extends object>(dict: T, key: string | number | undefined): key is keyof T & string =>
  typeof key === 'string' && Object.hasOwn(dict, key);

/** `match.patterns[0]` or `closedDates.2` → `['match', 'patterns', 0]`. */
export function segmentsOf(path: string | ReadonlyArray<string | number>): Array<string | number> {
  const parts = typeof path === 'string' ? path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '') : path;
  return parts.map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s));
}

/** The field's label in the agent's language: `fieldLabel('weeklyHours.mon')` → 周一营业时间 / Monday hours. */
export function fieldLabel(path: string | ReadonlyArray<string | number>): string {
  const segments = segmentsOf(path);
  const day = weekdayOf(segments);
  if (day) return day;
  // A custom attribute is named by its own key (会员等级), which the admin chose in the agent's language already.
  const attribute = segments.indexOf('attributes');
  if (attribute >= 0 && typeof segments[attribute + 1] === 'string') return String(segments[attribute + 1]);
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (typeof segment !== 'string') continue;
    const next = segments[i + 1];
    if (typeof next === 'number' && isKeyOf(ITEMS, segment) && segment !== 'weekPeriod') return items(segment, { n: next + 1 });
    // A part of a listed item (`makeUpWorkdays.1.date`) is named by its item: 第 2 个调休上班日.
    const [list, index] = [segments[i - 2], segments[i - 1]];
    if (ITEM_PARTS.has(segment) && typeof index === 'number' && isKeyOf(ITEMS, list)) return items(list, { n: index + 1 });
    if (isKeyOf(NAMES, segment)) return names(segment);
    // A language under a name or a body (`name.zh-CN`): the field is the name, in that language.
    if (/^[a-z]{2}(-[A-Za-z]{2,4})?$/.test(segment) && i > 0) continue;
    return humanised(segment);
  }
  return segments.join('.');
}

/** `weeklyHours.mon…` and `settings.businessHours.1…` name a day's hours; a period index adds "第 1 段". */
function weekdayOf(segments: Array<string | number>): string | undefined {
  const at = segments.findIndex((s) => s === 'weeklyHours' || s === 'businessHours');
  if (at < 0) return undefined;
  const raw = segments[at + 1];
  const day = typeof raw === 'number' ? DAY_BY_NUMBER[raw - 1] : (DAY_BY_NUMBER as string[]).includes(String(raw)) ? raw as Day : undefined;
  if (!day) return undefined;
  const period = segments[at + 2];
  if (typeof period !== 'number') return days(day);
  return locale.value === 'en' ? `${days(day)}, ${items('weekPeriod', { n: period + 1 })}` : `${days(day)}${items('weekPeriod', { n: period + 1 })}`;
}

/** A name the dictionary does not know, made readable: `assignmentCap` → "Assignment cap". */
function humanised(segment: string): string {
  const words = segment.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
