import { businessStatus, compileRuleset, evaluate, menuFor, reopeningLabel } from '../../rules';
import { cloneSource, defaultRuleset } from './support';

const settings = cloneSource().settings;

describe('businessStatus', () => {
  test.each([
    ['Saturday 10:00 Shanghai is open', '2025-11-22T02:00:00Z', { open: true }],
    ['Saturday 08:59 is closed until 09:00 the same day', '2025-11-22T00:59:00Z', { open: false, reopensAt: '09:00', reopensAtIso: '2025-11-22T01:00:00.000Z' }],
    ['Saturday 18:00 is closed until Monday 09:00 (Sunday is closed)', '2025-11-22T10:00:00Z', { open: false, reopensAt: '09:00', reopensAtIso: '2025-11-24T01:00:00.000Z' }],
    ['Sunday noon is closed until Monday 09:00', '2025-11-23T04:00:00Z', { open: false, reopensAt: '09:00', reopensAtIso: '2025-11-24T01:00:00.000Z' }],
    ['Monday 00:30 local (Sunday in UTC) is closed until 09:00', '2025-11-23T16:30:00Z', { open: false, reopensAt: '09:00', reopensAtIso: '2025-11-24T01:00:00.000Z' }],
  ])('%s', (_d, now, expected) => {
    expect(businessStatus(settings, now)).toEqual(expected);
  });

  test("the reopening time is shown on the reader's clock", () => {
    expect(businessStatus(settings, '2025-11-22T13:00:00Z', 'America/Los_Angeles')).toEqual({
      open: false, reopensAt: '17:00', reopensAtIso: '2025-11-24T01:00:00.000Z',
    });
  });
});

describe('reopeningLabel', () => {
  test.each([
    ['later today shows the time alone', '2025-11-22T00:59:00Z', 'zh-CN', '09:00'],
    ['Saturday evening names Monday', '2025-11-22T10:00:00Z', 'zh-CN', '周一 09:00'],
    ['Saturday evening names Monday, in English', '2025-11-22T10:00:00Z', 'en', '09:00 on Monday'],
    ['a weekday evening says tomorrow', '2025-11-25T12:00:00Z', 'zh-CN', '明天 09:00'],
    ['a weekday evening says tomorrow, in English', '2025-11-25T12:00:00Z', 'en', '09:00 tomorrow'],
  ])('%s', (_d, now, locale, expected) => {
    expect(reopeningLabel(now, businessStatus(settings, now), 'Asia/Shanghai', locale)).toBe(expected);
  });

  test('a hand-off on Saturday night names Monday, not a bare time that reads as tomorrow', () => {
    const decision = evaluate(defaultRuleset(), {
      text: '人工', now: '2025-11-22T13:00:00Z', timezone: 'Asia/Shanghai',
      contact: { optedOut: false, tags: [], locale: 'zh-CN' }, conversation: { handledBy: 'bot' },
    });
    expect(decision.effects).toContainEqual({ type: 'reply', template: 'handoff_ack_closed', vars: { reopensAt: '周一 09:00' } });
  });
});

describe('several periods a day and closed dates', () => {
  const lunch = { ...settings, businessHours: { ...settings.businessHours, 1: [['09:00', '12:00'], ['13:30', '18:00']] as [string, string][] } };
  // 2025-11-24 is a Monday.
  test.each([
    ['Monday 11:59 is inside the morning period', '2025-11-24T03:59:00Z', { open: true }],
    ['Monday 12:30 is the lunch gap: closed until 13:30', '2025-11-24T04:30:00Z', { open: false, reopensAt: '13:30', reopensAtIso: '2025-11-24T05:30:00.000Z' }],
    ['Monday 13:30 is open again', '2025-11-24T05:30:00Z', { open: true }],
  ])('%s', (_d, now, expected) => {
    expect(businessStatus(lunch, now)).toEqual(expected);
  });

  const holiday = { ...settings, closedDates: ['2025-11-24', '2025-11-25'] };
  test('a holiday is closed all day, inside its usual hours', () => {
    expect(businessStatus(holiday, '2025-11-24T02:00:00Z').open).toBe(false);
  });

  test('Saturday evening before a two-day holiday names Wednesday', () => {
    const now = '2025-11-22T10:00:00Z';
    const status = businessStatus(holiday, now);
    expect(status.reopensAtIso).toBe('2025-11-26T01:00:00.000Z');
    expect(reopeningLabel(now, status, 'Asia/Shanghai', 'zh-CN')).toBe('周三 09:00');
    expect(reopeningLabel(now, status, 'Asia/Shanghai', 'en')).toBe('09:00 on Wednesday');
  });

  test("the bot's hand-off acknowledgement names the first open day after the holiday", () => {
    const source = cloneSource();
    source.settings.closedDates = ['2025-11-24'];
    const decision = evaluate(compileRuleset(source), {
      text: '人工', now: '2025-11-22T13:00:00Z', timezone: 'Asia/Shanghai',
      contact: { optedOut: false, tags: [], locale: 'zh-CN' }, conversation: { handledBy: 'bot' },
    });
    expect(decision.effects).toContainEqual({ type: 'reply', template: 'handoff_ack_closed', vars: { reopensAt: '周二 09:00' } });
  });
});

describe('menuFor', () => {
  test('a template with a menu awaits its options until its TTL', () => {
    expect(menuFor(defaultRuleset(), 'appointment_reminder', '2025-11-22T02:00:00.000Z')).toEqual({
      menu: 'appointment_reminder', options: ['1', '2', '3', '0'], expiresAt: '2025-11-25T02:00:00.000Z',
    });
  });

  test('a template without a menu awaits nothing', () => {
    expect(menuFor(defaultRuleset(), 'appointment_confirmed', '2025-11-22T02:00:00.000Z')).toBeUndefined();
  });

  test('the default TTL is 72 hours', () => {
    const source = cloneSource();
    delete source.templates.find((t) => t.key === 'csat_survey')!.menuTtlMinutes;
    expect(menuFor(compileRuleset(source), 'csat_survey', '2025-11-22T00:00:00.000Z')?.expiresAt).toBe('2025-11-25T00:00:00.000Z');
  });
});
