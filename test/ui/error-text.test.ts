import { join } from 'node:path';

// describeError / fieldLabel / fieldErrorKey from inbox-ui, in both of the agent's languages. The UI's modules are
// loaded by path: the root tsconfig has no DOM types, so it must not type-check them (vue-tsc does).
const ui = (file: string) => require(join(__dirname, '../../inbox-ui/src/shared', file));
const { session } = ui('session') as { session: { agent: { locale: string } | null } };
const { describeError, fieldErrorKey } = ui('error-text') as { describeError(err: unknown): string; fieldErrorKey(err: unknown): string | undefined };
const { fieldLabel } = ui('field-labels') as { fieldLabel(path: string | Array<string | number>): string };
const { ApiError } = ui('api') as { ApiError: new (status: number, code: string, message: string, field?: string, path?: Array<string | number>, issue?: object) => Error };

const speaking = (locale: 'zh-CN' | 'en') => { session.agent = { locale }; };
const invalid = (field: string, issue?: Record<string, unknown>, message = `${field}: something`) =>
  new ApiError(400, 'invalid_field', message, field, undefined, issue);

describe('fieldLabel names the fields the server names', () => {
  it.each([
    ['name', '名称', 'Name'],
    ['phone', '电话', 'Phone'],
    ['email', '邮箱', 'Email'],
    ['password', '密码', 'Password'],
    ['durationMinutes', '时长（分钟）', 'Duration (minutes)'],
    ['weeklyHours.mon', '周一营业时间', 'Monday hours'],
    ['weeklyHours.mon.1.0', '周一营业时间第 2 段', 'Monday hours, period 2'],
    ['settings.businessHours.7', '周日营业时间', 'Sunday hours'],
    ['closedDates[2]', '第 3 个休息日', 'Closed date 3'],
    ['closedDates.2', '第 3 个休息日', 'Closed date 3'],
    ['rules.draft.match.patterns[0]', '第 1 个匹配模式', 'Pattern 1'],
    ['match.patterns[1]', '第 2 个匹配模式', 'Pattern 2'],
    ['name.zh-CN', '名称', 'Name'],
    ['attributes.会员等级', '会员等级', '会员等级'],
    ['settings.urgentKeywords[4]', '第 5 个紧急关键词', 'Urgent keyword 5'],
    ['somethingNew', 'Something new', 'Something new'],
    ['makeUpWorkdays.1.date', '第 2 个调休上班日', 'Make-up workday 2'],
    ['makeUpWorkdays.0', '第 1 个调休上班日', 'Make-up workday 1'],
  ])('%s → %s / %s', (path, zh, en) => {
    speaking('zh-CN');
    expect(fieldLabel(path)).toBe(zh);
    speaking('en');
    expect(fieldLabel(path)).toBe(en);
  });

  it('reads a path given as an array too', () => {
    speaking('zh-CN');
    expect(fieldLabel(['closedDates', 0])).toBe('第 1 个休息日');
  });
});

describe('describeError says a 400 as "<field>: <problem>"', () => {
  it.each<[string, ApiErrorArgs, string, string]>([
    ['a duration of 0', ['durationMinutes', { code: 'too_small', minimum: 5, origin: 'number', inclusive: true }], '时长（分钟）：至少 5', 'Duration (minutes): must be at least 5'],
    ['a name left out', ['name', { code: 'invalid_type', expected: 'string', received: 'undefined' }], '名称：必填', 'Name: is required'],
    ['an empty name', ['name', { code: 'too_small', minimum: 1, origin: 'string', inclusive: true }], '名称：必填', 'Name: is required'],
    ['a name too long', ['name', { code: 'too_big', maximum: 100, origin: 'string', inclusive: true }], '名称：最多 100 个字', 'Name: must be at most 100 characters'],
    ['text for a number', ['capacity', { code: 'invalid_type', expected: 'number', received: 'string' }], '同时接待人数：应为数字', 'Capacity: must be a number'],
    ['a bad email', ['email', { code: 'invalid_format', format: 'email' }], '邮箱：不是有效的邮箱地址', 'Email: is not a valid email address'],
    ['a bad hour', ['weeklyHours.mon.0.0', { code: 'invalid_format', format: 'regex', pattern: '/x/' }], '周一营业时间第 1 段：格式不对', 'Monday hours, period 1: is not in the right format'],
    ['a role not offered', ['role', { code: 'invalid_value', values: ['admin', 'agent'] }], '角色：只能是以下之一：admin、agent', 'Role: must be one of: admin, agent'],
    ['a date that does not exist', ['closedDates.2', { code: 'custom', message: 'expected a date "YYYY-MM-DD"' }], '第 3 个休息日：应为日期（年-月-日）', 'Closed date 3: must be a date (YYYY-MM-DD)'],
    ['a bad regex', ['rules.draft.match.patterns[0]', { code: 'custom', message: 'invalid regular expression: missing closing ): (?i)(x' }],
      '第 1 个匹配模式：不是有效的正则表达式（missing closing ): (?i)(x）', 'Pattern 1: is not a valid regular expression (missing closing ): (?i)(x)'],
    ['an unclosed bracket in a pattern', ['match.patterns[1]', { code: 'invalid_regex', reason: 'unclosed_group', index: 4, pattern: '牙疼请预(约' }],
      '第 2 个匹配模式：第 5 个字符处的括号“(”没有闭合', 'Pattern 2: the bracket "(" at character 5 is never closed'],
    ['a lookahead, which RE2 cannot run', ['match.patterns[0]', { code: 'invalid_regex', reason: 'unsupported', construct: 'lookahead', index: 1, pattern: '牙(?=疼)' }],
      '第 1 个匹配模式：第 2 个字符处用了向前查找 (?=…)，规则引擎不支持（它从不回溯，所以客户发什么都不会拖慢它）',
      'Pattern 1: character 2 starts a lookahead (?=…), which rules cannot use (they never backtrack, so nothing a customer sends can slow them down)'],
    ['a regex issue with no place', ['match.patterns[0]', { code: 'invalid_regex', reason: 'other', pattern: 'x' }], '第 1 个匹配模式：不是有效的正则表达式', 'Pattern 1: is not a valid regular expression'],
    ['too few patterns', ['match.patterns', { code: 'too_small', minimum: 1, origin: 'array', inclusive: true }], '匹配模式：至少选一项', 'Patterns: needs at least one'],
  ])('%s', (_what, [field, issue], zh, en) => {
    speaking('zh-CN');
    expect(describeError(invalid(field, issue))).toBe(zh);
    speaking('en');
    expect(describeError(invalid(field, issue))).toBe(en);
  });

  it('a hand-written 400 without an issue: its known sentence translated, else the server\'s words after the field', () => {
    speaking('zh-CN');
    expect(describeError(invalid('phone', undefined, 'phone is not a phone number'))).toBe('电话：不是有效的电话号码');
    expect(describeError(invalid('timezone', undefined, 'timezone: unknown time zone "Mars/Olympus"'))).toBe('时区：不是已知的时区');
    expect(describeError(invalid('cursor', undefined, 'cursor is not one this server handed out'))).toBe('分页位置：is not one this server handed out');
    speaking('en');
    expect(describeError(invalid('phone', undefined, 'phone is not a phone number'))).toBe('Phone: is not a phone number');
  });

  it('a make-up workday the engine refuses is named by its place in the list, in words', () => {
    const clash = () => invalid('makeUpWorkdays.0.date', { code: 'custom', message: '2026-02-16 is also a closed date' }, 'makeUpWorkdays.0.date: 2026-02-16 is also a closed date');
    speaking('zh-CN');
    expect(describeError(clash())).toBe('第 1 个调休上班日：同时是休息日，不能又是调休上班日');
    expect(fieldErrorKey(clash())).toBe('makeUpWorkdays');
    speaking('en');
    expect(describeError(clash())).toBe('Make-up workday 1: is also a closed date, so it cannot be a make-up workday');
  });

  it('unknown keys are a sentence with no field', () => {
    speaking('en');
    expect(describeError(new ApiError(400, 'invalid_field', 'Unrecognized key: "colour"', undefined, [], { code: 'unrecognized_keys', keys: ['colour'] })))
      .toBe('The request has fields this page does not know: colour');
  });
});

describe('regexFault cuts a refused pattern around the character at fault', () => {
  it('counts characters as people do (an emoji is one), and is undefined for any other refusal', () => {
    const { regexFault } = ui('error-text') as { regexFault(err: unknown): unknown };
    expect(regexFault(invalid('match.patterns[0]', { code: 'invalid_regex', reason: 'unclosed_group', index: 3, pattern: '🦷牙疼(预约' })))
      .toEqual({ before: '🦷牙疼', at: '(', after: '预约' });
    expect(regexFault(invalid('match.patterns[0]', { code: 'invalid_regex', reason: 'other', pattern: 'x' }))).toBeUndefined();
    expect(regexFault(invalid('name', { code: 'too_small', minimum: 1, origin: 'string' }))).toBeUndefined();
  });
});

describe('describeError says every other code as a sentence', () => {
  it.each([
    [404, 'not_found', '找不到这项内容，可能已被删除', 'Not found: it may have been deleted'],
    [403, 'forbidden', '你没有权限执行此操作', 'You are not allowed to do this'],
    [401, 'unauthenticated', '登录已过期，请重新登录', 'Your session has expired: please log in again'],
    [409, 'still_booked', '仍有预约在使用它，无法删除', 'It is still booked, so it cannot be deleted'],
    [409, 'last_admin', '这是最后一位在职管理员，请先指定另一位管理员', 'This is the last active admin: make someone else an admin first'],
    [409, 'email_taken', '该邮箱已有账号', 'An account with this email already exists'],
    [409, 'contact_exists', '这个电话号码已有联系人', 'A contact with this phone number already exists'],
    [429, 'too_many_attempts', '尝试次数太多，请稍后再试', 'Too many attempts: please wait a little and try again'],
    [429, 'slow_down', '请求太频繁，请稍后再试', 'Too many requests: please wait a little and try again'],
    [413, 'body_too_large', '提交的内容太大', 'What was sent is too large'],
    [415, 'unsupported_media_type', '提交的内容类型不被接受', 'What was sent is not in a format the server accepts'],
    [503, 'database_unavailable', '数据库暂时无法访问，请稍后重试', 'The database is not answering: try again in a moment'],
    [0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server: check the connection and try again'],
    [500, 'internal', '服务器出错了，请稍后重试', 'Something went wrong on our side: try again in a moment'],
    [502, 'http_error', '服务器出错了，请稍后重试', 'Something went wrong on our side: try again in a moment'],
  ])('%i %s', (status, code, zh, en) => {
    speaking('zh-CN');
    expect(describeError(new ApiError(status, code, 'server words'))).toBe(zh);
    speaking('en');
    expect(describeError(new ApiError(status, code, 'server words'))).toBe(en);
  });

  it('a rule conflict names the pattern and keeps the server\'s detail', () => {
    speaking('zh-CN');
    expect(describeError(new ApiError(409, 'rule_conflict', '"wifi" is also a pattern of rule 3', 'match.patterns[0]')))
      .toBe('第 1 个匹配模式与另一条规则冲突："wifi" is also a pattern of rule 3');
  });

  it('an unknown code shows the server\'s message; a socket ack\'s error and a plain Error work too', () => {
    speaking('zh-CN');
    expect(describeError(new ApiError(409, 'brand_new_code', 'Something specific happened'))).toBe('Something specific happened');
    expect(describeError({ code: 'not_assignee', message: 'Another agent owns this conversation' })).toBe('该会话由其他客服负责，请先接管');
    expect(describeError(new Error('boom'))).toBe('boom');
  });
});

describe('fieldErrorKey says which form field a refusal belongs under', () => {
  it('the first segment of the path, or nothing for a refusal of the whole form', () => {
    expect(fieldErrorKey(invalid('weeklyHours.mon.0.0'))).toBe('weeklyHours');
    expect(fieldErrorKey(invalid('match.patterns[0]'))).toBe('match');
    expect(fieldErrorKey(new ApiError(400, 'invalid_field', 'x', 'closedDates.2', ['closedDates', 2]))).toBe('closedDates');
    expect(fieldErrorKey(new ApiError(409, 'last_admin', 'x'))).toBeUndefined();
    expect(fieldErrorKey(new Error('x'))).toBeUndefined();
  });
});

type ApiErrorArgs = [string, Record<string, unknown>];
