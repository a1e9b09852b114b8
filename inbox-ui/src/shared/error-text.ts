import { ApiError, type FieldIssue } from './api';
import { fieldLabel, segmentsOf } from './field-labels';
import { locale, pageMessages } from './i18n';

/**
 * What to show for a failed request, in the agent's language. A 400 `invalid_field` becomes "<字段>：<问题>" /
 * "<Field>: <problem>" from the field's label and the server's `issue` (zod's code and parameters); every other code
 * a sentence; a code this file does not know, the server's own (English) message. The server's `message` stays
 * English for scripts, so nothing here parses it except to recognise a few sentences hand-written checks use.
 */
const tx = pageMessages({
  fieldProblem: ['{field}：{problem}', '{field}: {problem}'],
  required: ['必填', 'is required'],
  atLeast: ['至少 {n}', 'must be at least {n}'],
  moreThan: ['须大于 {n}', 'must be more than {n}'],
  atMost: ['最多 {n}', 'must be at most {n}'],
  lessThan: ['须小于 {n}', 'must be less than {n}'],
  atLeastChars: ['至少 {n} 个字', 'must be at least {n} characters'],
  atMostChars: ['最多 {n} 个字', 'must be at most {n} characters'],
  atLeastItems: ['至少 {n} 项', 'needs at least {n} items'],
  atMostItems: ['最多 {n} 项', 'can have at most {n} items'],
  needsOne: ['至少选一项', 'needs at least one'],
  mustBeNumber: ['应为数字', 'must be a number'],
  mustBeWhole: ['应为整数', 'must be a whole number'],
  mustBeText: ['应为文字', 'must be text'],
  mustBeYesNo: ['应为是或否', 'must be yes or no'],
  mustBeList: ['应为列表', 'must be a list'],
  badFormat: ['格式不对', 'is not in the right format'],
  badEmail: ['不是有效的邮箱地址', 'is not a valid email address'],
  badUrl: ['不是有效的网址', 'is not a valid web address'],
  oneOf: ['只能是以下之一：{values}', 'must be one of: {values}'],
  notAllowed: ['不是可选的值', 'is not one of the allowed values'],
  unknownKeys: ['请求中有无法识别的字段：{keys}', 'The request has fields this page does not know: {keys}'],
  // Sentences the server's own checks write (schemas' custom messages, the rules engine, hand-written 400s).
  badRegex: ['不是有效的正则表达式（{detail}）', 'is not a valid regular expression ({detail})'],
  regexMatchesAll: ['这个正则表达式会匹配所有消息', 'matches every message'],
  regexSyntaxUnsupported: ['用了不支持的正则写法：{detail}', 'uses regular expression syntax that is not supported: {detail}'],
  regexTooLarge: ['正则表达式太复杂，请缩小重复次数，如 {1,20}', 'is too complex a regular expression: use smaller counts such as {1,20}'],
  // A regex that does not compile (issue `invalid_regex`): what is wrong, at which character (counted from 1).
  regexUnclosedGroup: ['第 {n} 个字符处的括号“(”没有闭合', 'the bracket "(" at character {n} is never closed'],
  regexUnmatchedParen: ['第 {n} 个字符处的“)”前面没有对应的“(”', 'the ")" at character {n} has no "(" to close'],
  regexUnclosedClass: ['第 {n} 个字符处的方括号“[”没有闭合', 'the square bracket "[" at character {n} is never closed'],
  regexBadClass: ['第 {n} 个字符处的字符范围无效（应从小到大，如 a-z）', 'the character range at character {n} is not valid (it must go up, like a-z)'],
  regexBadRepetition: ['第 {n} 个字符处的重复符号前面没有可重复的内容，或次数写错了', 'the repeat sign at character {n} has nothing to repeat, or a wrong count'],
  regexBadEscape: ['第 {n} 个字符处的反斜杠“\\”后面不是可识别的写法', 'the backslash at character {n} does not start anything this engine knows'],
  regexBadGroup: ['第 {n} 个字符处的“(?”写法无法识别', 'the "(?" at character {n} is not a group this engine knows'],
  regexUnsupported: ['第 {n} 个字符处用了{construct}，规则引擎不支持（它从不回溯，所以客户发什么都不会拖慢它）', 'character {n} starts {construct}, which rules cannot use (they never backtrack, so nothing a customer sends can slow them down)'],
  regexInvalid: ['不是有效的正则表达式', 'is not a valid regular expression'],
  backreference: ['反向引用（\\1）', 'a backreference (\\1)'],
  named_backreference: ['命名反向引用（\\k<名称>）', 'a named backreference (\\k<name>)'],
  lookahead: ['向前查找 (?=…)', 'a lookahead (?=…)'],
  negative_lookahead: ['否定向前查找 (?!…)', 'a negative lookahead (?!…)'],
  lookbehind: ['向后查找 (?<=…)', 'a lookbehind (?<=…)'],
  negative_lookbehind: ['否定向后查找 (?<!…)', 'a negative lookbehind (?<!…)'],
  atomic_group: ['原子组 (?>…)', 'an atomic group (?>…)'],
  possessive: ['占有量词（如 ++）', 'a possessive quantifier (like ++)'],
  emptyPattern: ['不能为空', 'cannot be empty'],
  fuzzyTooShort: ['模糊匹配至少需要 2 个汉字或 5 个字母', 'needs at least 2 Chinese characters or 5 letters for fuzzy matching'],
  unknownIntent: ['不是已知的意图「{detail}」', 'is not a known intent "{detail}"'],
  unknownVariable: ['用了不存在的变量 {{{detail}}}', 'uses an unknown variable {{{detail}}}'],
  noTemplate: ['没有名为「{detail}」的模板', 'names no existing template "{detail}"'],
  notDate: ['应为日期（年-月-日）', 'must be a date (YYYY-MM-DD)'],
  notTime: ['应为 24 小时制时间（时:分）', 'must be a 24-hour time (HH:MM)'],
  periods: ['时间段须先开始后结束，按顺序且不重叠', 'periods must start before they end, in order and not overlapping'],
  notTimeZone: ['不是已知的时区', 'is not a known time zone'],
  notPhone: ['不是有效的电话号码', 'is not a phone number'],
  missingThing: ['包含不存在的项目', 'names something that does not exist'],
  notFuture: ['须是将来的时间', 'must be in the future'],
  templateCode: ['不是该服务商的模板编号格式（例如 {detail}）', 'is not a template code of this provider (like {detail})'],
  notInApprovedText: ['在模板原文中找不到 {detail}', 'does not appear in the approved text as {detail}'],
  notVariableHere: ['不是这个模板可用的变量', 'is not a variable this template can use'],
  needsBody: ['客服模板需要一个填入客服回复内容（body）的参数', 'the customer-service template needs a parameter filled with the agent’s text (body)'],
  secretShape: ['至少 16 个字符，只能包含字母、数字、_ 和 -', 'at least 16 characters: letters, digits, _ and - only'],
  secretTaken: ['已被该服务商的另一个通道使用', 'is already used by another channel of this provider'],
  notIpList: ['不是 IP 地址或网段：{detail}', 'is not an IP address or CIDR range: {detail}'],
  listedTwice: ['重复了', 'is listed twice'],
  alsoClosedDate: ['同时是休息日，不能又是调休上班日', 'is also a closed date, so it cannot be a make-up workday'],
  weekdayOrPeriods: ['请选择按星期几上班，或自定时段，二选一', 'give either the weekday it works as or its own hours, not both'],
  weekdayRange: ['应为周一到周日', 'must be Monday to Sunday'],
  needsPeriod: ['至少需要一个时段', 'needs at least one period'],
});
type Words = Parameters<typeof tx>[0];

/** Every other code (docs/ERRORS.md lists them): a sentence. */
const CODES = {
  not_found: ['找不到这项内容，可能已被删除', 'Not found: it may have been deleted'],
  forbidden: ['你没有权限执行此操作', 'You are not allowed to do this'],
  unauthenticated: ['登录已过期，请重新登录', 'Your session has expired: please log in again'],
  invalid_credentials: ['邮箱或密码不正确', 'The email or password is wrong'],
  too_many_attempts: ['尝试次数太多，请稍后再试', 'Too many attempts: please wait a little and try again'],
  still_booked: ['仍有预约在使用它，无法删除', 'It is still booked, so it cannot be deleted'],
  last_admin: ['这是最后一位在职管理员，请先指定另一位管理员', 'This is the last active admin: make someone else an admin first'],
  email_taken: ['该邮箱已有账号', 'An account with this email already exists'],
  contact_exists: ['这个电话号码已有联系人', 'A contact with this phone number already exists'],
  attribute_exists: ['已有同名的自定义字段', 'There is already a contact field with this key'],
  choice_in_use: ['还有联系人选了这个选项，请先修改他们', 'Some contacts still have this choice: change them first'],
  not_offered: ['所选的医生/员工或门店不提供这项服务', 'The chosen staff member or location does not offer this service'],
  duplicate_column: ['两列对应了同一个字段', 'Two columns fill the same field'],
  empty_file: ['文件是空的：第一行应是列名（电话、姓名……）', 'The file is empty: the first line must name the columns (phone, name, …)'],
  missing_column: ['文件需要一列电话号码（或把某列对应为“电话”）', 'The file needs a phone column (or a column mapped to phone)'],
  unknown_columns: ['有未对应的列：请为每列选择字段，或选择“忽略”', 'Some columns are not mapped: choose a field for each, or ignore it'],
  upload_cut_off: ['上传中断，请重新上传文件', 'The upload stopped before the end of the file: send it again'],
  wrong_password: ['当前密码不正确', 'The current password is wrong'],
  invite_used: ['此链接已使用或已撤回，请向管理员索取新链接', 'This link was used or withdrawn: ask an admin for a new one'],
  invite_expired: ['此链接已过期，请向管理员索取新链接', 'This link has expired: ask an admin for a new one'],
  inactive: ['该成员已停用，请先重新启用', 'This member is deactivated: reactivate them first'],
  duplicate: ['{field}已存在', '{field} already exists'],
  concurrent_edit: ['有人同时保存了修改，请刷新后重试', 'Someone else saved at the same moment: reload and try again'],
  rule_conflict: ['{field}与另一条规则冲突：{detail}', '{field} conflicts with another rule: {detail}'],
  no_offer: ['现在没有可以提供给客户的空闲时间', 'There is no free time to offer the customer now'],
  slot_unavailable: ['这个时间已被约满，请换一个时间', 'That time is no longer free: pick another'],
  invalid_status: ['当前的状态不允许这样做', 'Its current status does not allow this'],
  taken_down: ['这条内容因投诉已下架：请先审核（恢复或保持下架）', 'This content was taken down for complaints: review it first (restore it or keep it down)'],
  provider_template_required: ['阿里云、腾讯云通道只发送已审核的模板：请先填写这个活动的服务商模板', 'Aliyun and Tencent send approved templates only: give this campaign its provider template first'],
  channel_not_carrying: ['这个通道不发送这一类短信（通知类或营销类）', 'This channel does not carry this kind of text (transactional or marketing)'],
  no_phone: ['请先填写你自己的手机号，测试短信会发到这里', 'Give your own mobile number first: the test text goes there'],
  appointment_ended: ['预约已结束，只能标记为完成或未到', 'This appointment has ended: it can only be completed or marked as a no-show'],
  opted_out: ['客户已退订，不能再发短信', 'The customer has opted out: no more texts can be sent'],
  not_assignee: ['该会话由其他客服负责，请先接管', 'Another agent owns this conversation: take it over first'],
  too_many_labels: ['一个会话最多 20 个标签', 'A conversation carries at most 20 labels'],
  resolved: ['已解决的会话不能暂停', 'A resolved conversation cannot be snoozed'],
  already_reviewed: ['这条消息已审核过', 'This message was already reviewed'],
  template_failed: ['模板无法填写：{detail}', 'The template could not be filled in: {detail}'],
  not_template_only: ['这个通道可以发送任意内容，不需要模板对应', 'This channel sends any text: it has no template mapping'],
  forbidden_source: ['这个地址不允许调用回调', 'This address may not call the callbacks'],
  template_required: ['此短信通道只发送已备案的模板：没有可用的客服模板，或内容超过了模板变量的长度', 'This SMS provider sends approved templates only: there is no customer-service template, or the text is longer than its variable allows'],
  simulator_disabled: ['模拟器只在 loopback 短信通道下可用', 'The phone simulator only runs with the loopback SMS provider'],
  rate_limited: ['请求太频繁，请稍后再试', 'Too many requests: please wait a little and try again'],
  body_too_large: ['提交的内容太大', 'What was sent is too large'],
  malformed_json: ['提交的内容格式有误', 'What was sent could not be read'],
  unsupported_media_type: ['提交的内容类型不被接受', 'What was sent is not in a format the server accepts'],
  forbidden_origin: ['请求来自其他网站，已被拒绝', 'The request came from another site and was refused'],
  database_unavailable: ['数据库暂时无法访问，请稍后重试', 'The database is not answering: try again in a moment'],
  network_error: ['无法连接服务器，请检查网络后重试', 'Cannot reach the server: check the connection and try again'],
  internal: ['服务器出错了，请稍后重试', 'Something went wrong on our side: try again in a moment'],
} satisfies Record<string, readonly [string, string]>;
const codeWords = pageMessages(CODES);

/** Hand-written sentences the server sends, recognised so they can be said in the agent's language. */
const KNOWN_SENTENCES: Array<[RegExp, Words]> = [
  [/^invalid regular expression: (.*)$/, 'badRegex'],
  [/^this regular expression matches every message$/, 'regexMatchesAll'],
  [/^(.*) (?:is|are) not supported: /, 'regexSyntaxUnsupported'],
  [/^this regular expression is too large/, 'regexTooLarge'],
  [/^empty pattern$/, 'emptyPattern'],
  [/^fuzzy patterns need/, 'fuzzyTooShort'],
  [/^unknown intent "([^"]*)"/, 'unknownIntent'],
  [/^unknown variable "([^"]*)"/, 'unknownVariable'],
  [/^no template "([^"]*)"/, 'noTemplate'],
  [/^(?:is required|.* is required|give a body.*)$/, 'required'],
  [/expected a date "YYYY-MM-DD"/, 'notDate'],
  [/expected "HH:MM"/, 'notTime'],
  [/^each period is|^periods overlap/, 'periods'],
  [/unknown time zone/, 'notTimeZone'],
  [/not a phone number/, 'notPhone'],
  [/names something that does not exist|^no such /, 'missingThing'],
  [/must be in the future/, 'notFuture'],
  [/template code looks like (\S+)/, 'templateCode'],
  [/^the approved text has no (.*)$/, 'notInApprovedText'],
  [/is not a variable of/, 'notVariableHere'],
  [/customer-service template needs a parameter/, 'needsBody'],
  [/^must be at least 16 characters|^letters, digits, _ and - only/, 'secretShape'],
  [/another channel of this provider uses it/, 'secretTaken'],
  [/^"([^"]*)" is not an IP address or CIDR range/, 'notIpList'],
  [/ is listed twice$/, 'listedTwice'],
  [/ is also a closed date$/, 'alsoClosedDate'],
  [/^give either the weekday it works as/, 'weekdayOrPeriods'],
  [/^weekdays are 1 \(Monday\) to 7/, 'weekdayRange'],
  [/^at least one period/, 'needsPeriod'],
];

/** What a failed request carries, from an ApiError or a socket ack's `{ code, message, field?, issue? }`. */
interface Refusal { status?: number; code: string; message: string; field?: string; path?: ReadonlyArray<string | number>; issue?: FieldIssue }

export function describeError(err: unknown): string {
  const refusal = refusalOf(err);
  if (!refusal) return err instanceof Error ? err.message : String(err);
  const { code, field } = refusal;
  const where = field ?? refusal.path?.join('.');
  if (code === 'invalid_field' || (refusal.issue && refusal.status === 400)) return fieldSentence(refusal, where);
  if (Object.hasOwn(CODES, code)) return codeWords(code as keyof typeof CODES, { field: where ? fieldLabel(where) : '', detail: refusal.message });
  if (refusal.status === 429) return codeWords('rate_limited');
  if (refusal.status !== undefined && refusal.status >= 500) return codeWords('internal');
  return refusal.message;
}

/**
 * The form field to put a refusal under: the first segment of its path (`weeklyHours.mon.0.0` → `weeklyHours`,
 * `match.patterns[0]` → `match`), or undefined when it belongs at the form's foot.
 */
export function fieldErrorKey(err: unknown): string | undefined {
  const refusal = refusalOf(err);
  const first = refusal?.path?.[0] ?? (refusal?.field ? segmentsOf(refusal.field)[0] : undefined);
  return first === undefined ? undefined : String(first);
}

function fieldSentence(refusal: Refusal, where: string | undefined): string {
  const problem = refusal.issue ? issueWords(refusal.issue) : sentenceWords(stripField(refusal.message, where));
  if (refusal.issue?.code === 'unrecognized_keys' || !where) return capitalised(problem);
  return tx('fieldProblem', { field: fieldLabel(refusal.path ?? where), problem });
}

/** zod's issue in words. */
function issueWords(issue: FieldIssue): string {
  const n = issue.minimum ?? issue.maximum ?? 0;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined' || issue.received === 'null') return tx('required');
      return tx(({ number: 'mustBeNumber', int: 'mustBeWhole', string: 'mustBeText', boolean: 'mustBeYesNo', array: 'mustBeList' } as const)[issue.expected as 'number'] ?? 'badFormat');
    case 'invalid_union':
      return tx(issue.received === 'undefined' ? 'required' : 'badFormat');
    case 'too_small':
      if (issue.origin === 'string') return n <= 1 ? tx('required') : tx('atLeastChars', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return n <= 1 ? tx('needsOne') : tx('atLeastItems', { n });
      return tx(issue.inclusive === false ? 'moreThan' : 'atLeast', { n });
    case 'too_big':
      if (issue.origin === 'string') return tx('atMostChars', { n });
      if (issue.origin === 'array' || issue.origin === 'set') return tx('atMostItems', { n });
      return tx(issue.inclusive === false ? 'lessThan' : 'atMost', { n });
    case 'invalid_format':
      return tx(issue.format === 'email' ? 'badEmail' : issue.format === 'url' ? 'badUrl' : 'badFormat');
    case 'invalid_value':
      return issue.values?.length && issue.values.length <= 8 ? tx('oneOf', { values: issue.values.join(locale.value === 'en' ? ', ' : '、') }) : tx('notAllowed');
    case 'unrecognized_keys':
      return tx('unknownKeys', { keys: (issue.keys ?? []).join(', ') });
    case 'custom':
      return sentenceWords(issue.message ?? '');
    case 'invalid_regex':
      return regexWords(issue);
    default:
      return tx('badFormat');
  }
}

const REGEX_REASONS: Record<string, Words> = {
  unclosed_group: 'regexUnclosedGroup', unmatched_paren: 'regexUnmatchedParen', unclosed_class: 'regexUnclosedClass',
  bad_class: 'regexBadClass', bad_repetition: 'regexBadRepetition', bad_escape: 'regexBadEscape', bad_group: 'regexBadGroup',
  unsupported: 'regexUnsupported',
};
const CONSTRUCTS = ['backreference', 'named_backreference', 'lookahead', 'negative_lookahead', 'lookbehind', 'negative_lookbehind', 'atomic_group', 'possessive'] as const;

/** "第 5 个字符处的括号“(”没有闭合" / "the bracket "(" at character 5 is never closed": the index counts from 1 for people. */
function regexWords(issue: FieldIssue): string {
  const words = issue.reason ? REGEX_REASONS[issue.reason] : undefined;
  if (!words || issue.index === undefined) return tx('regexInvalid');
  const construct = CONSTRUCTS.find((c) => c === issue.construct);
  return tx(words, { n: issue.index + 1, construct: construct ? tx(construct) : '' });
}

/**
 * A refused pattern cut around the character at fault, for the editor to show with that character marked (text
 * interpolation only: the pattern is the admin's text). Undefined when the refusal is not a located regex issue.
 * @example regexFault(issue) // → { before: '牙疼', at: '(', after: '预约' }
 */
export function regexFault(err: unknown): { before: string; at: string; after: string } | undefined {
  const issue = refusalOf(err)?.issue;
  if (issue?.code !== 'invalid_regex' || issue.pattern === undefined || issue.index === undefined) return undefined;
  const chars = Array.from(issue.pattern);
  return { before: chars.slice(0, issue.index).join(''), at: chars[issue.index] ?? '', after: chars.slice(issue.index + 1).join('') };
}

/** A server sentence in the agent's language when it is one we know, else as the server wrote it. */
function sentenceWords(sentence: string): string {
  for (const [pattern, words] of KNOWN_SENTENCES) {
    const match = pattern.exec(sentence);
    if (match) return tx(words, { detail: match[1] ?? '' });
  }
  return sentence;
}

/** "durationMinutes: at least 5" or "phone is not a phone number" → the part after the field's name. */
function stripField(message: string, field: string | undefined): string {
  if (!field || !message.startsWith(field)) return message;
  return message.slice(field.length).replace(/^:?\s*/, '');
}

function refusalOf(err: unknown): Refusal | undefined {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object' && typeof (err as Refusal).code === 'string' && typeof (err as Refusal).message === 'string') return err as Refusal;
  return undefined;
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
