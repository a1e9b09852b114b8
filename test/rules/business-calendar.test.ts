import { businessSeconds, businessStatus, type BusinessCalendar } from '../../rules';
import { makeUpWorkdayProblems } from '../../rules/dates/business-calendar';
import { cloneSource } from './support';

const LUNCH: Array<[string, string]> = [['09:00', '12:00'], ['13:30', '18:00']];
/** Weekdays with a lunch break, weekends off, in Shanghai (UTC+8, no DST). Tuesday 24 Nov 2026 is the anchor week. */
const clinic: BusinessCalendar = {
  timezone: 'Asia/Shanghai',
  businessHours: { 1: LUNCH, 2: LUNCH, 3: LUNCH, 4: LUNCH, 5: LUNCH },
  closedDates: [],
};
const HOUR = 3600;
/** A local time in Shanghai as the ISO instant. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

describe('businessSeconds', () => {
  test.each<[string, Partial<BusinessCalendar>, string, string, number]>([
    ['inside one period', {}, '2026-11-24 10:00', '2026-11-24 11:00', HOUR],
    ['a lunch break does not count', {}, '2026-11-24 11:30', '2026-11-24 14:00', HOUR],
    ['before opening counts from opening', {}, '2026-11-24 07:00', '2026-11-24 09:30', HOUR / 2],
    ['across a night: the last half hour and the first', {}, '2026-11-24 17:30', '2026-11-25 09:30', HOUR],
    ['across a weekend: Friday 17:00 to Monday 10:00', {}, '2026-11-27 17:00', '2026-11-30 10:00', 2 * HOUR],
    ['a holiday on Wednesday is skipped', { closedDates: ['2026-11-25'] }, '2026-11-24 17:00', '2026-11-26 10:00', 2 * HOUR],
    ['a make-up Saturday working as a Monday (调休) counts its 7.5 hours', { makeUpWorkdays: [{ date: '2026-11-28', weekday: 1 }] },
      '2026-11-27 17:00', '2026-11-30 10:00', 2 * HOUR + 7.5 * HOUR],
    ['a make-up Saturday with its own periods', { makeUpWorkdays: [{ date: '2026-11-28', periods: [['10:00', '14:00']] }] },
      '2026-11-27 17:00', '2026-11-30 10:00', 6 * HOUR],
    ['a weekend alone is no business time', {}, '2026-11-28 10:00', '2026-11-29 20:00', 0],
    ['an end before the start is zero', {}, '2026-11-24 11:00', '2026-11-24 10:00', 0],
    ['Monday 00:30 local is still Sunday in UTC: counted from Monday 09:00', {}, '2026-11-30 00:30', '2026-11-30 09:30', HOUR / 2],
  ])('%s', (_d, changes, from, to, expected) => {
    expect(businessSeconds({ ...clinic, ...changes }, sh(from), sh(to))).toBe(expected);
  });

  test('a reply 42.4 s later counts 42 s', () => {
    expect(businessSeconds(clinic, '2026-11-24T02:00:00.000Z', '2026-11-24T02:00:42.400Z')).toBe(42);
  });

  describe('daylight saving time (New York)', () => {
    const always: BusinessCalendar = { timezone: 'America/New_York', businessHours: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), [['00:00', '24:00']]])) };
    const night: BusinessCalendar = { timezone: 'America/New_York', businessHours: { 7: [['01:00', '03:00']] } };
    test('the day the clocks go back has 25 business hours when open all day', () => {
      // Saturday 31 Oct 2026 12:00 EDT → Sunday 1 Nov 12:00 EST.
      expect(businessSeconds(always, '2026-10-31T16:00:00Z', '2026-11-01T17:00:00Z')).toBe(25 * HOUR);
    });
    test('a 01:00–03:00 period lasts three hours in autumn and one in spring', () => {
      expect(businessSeconds(night, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(3 * HOUR);
      expect(businessSeconds(night, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(HOUR);
    });
  });
});

describe('businessStatus with make-up workdays', () => {
  const settings = { ...cloneSource().settings, ...clinic };
  test('Friday evening before a make-up Saturday reopens on Saturday', () => {
    const friday = sh('2026-11-27 19:00');
    expect(businessStatus(settings, friday).reopensAtIso).toBe(sh('2026-11-30 09:00'));
    expect(businessStatus({ ...settings, makeUpWorkdays: [{ date: '2026-11-28', weekday: 1 }] }, friday).reopensAtIso).toBe(sh('2026-11-28 09:00'));
  });
  test('a make-up Saturday is open during its periods', () => {
    expect(businessStatus({ ...settings, makeUpWorkdays: [{ date: '2026-11-28', periods: [['10:00', '14:00']] }] }, sh('2026-11-28 11:00'))).toEqual({ open: true });
  });
});

describe('makeUpWorkdayProblems', () => {
  test.each<[string, unknown, string[], string | null]>([
    ['a weekday to work as', [{ date: '2026-02-28', weekday: 1 }], [], null],
    ['its own periods', [{ date: '2026-02-28', periods: [['09:00', '12:00'], ['13:00', '17:00']] }], [], null],
    ['not a date', [{ date: '2026-02-30', weekday: 1 }], [], 'makeUpWorkdays.0.date'],
    ['the same date twice', [{ date: '2026-02-28', weekday: 1 }, { date: '2026-02-28', weekday: 2 }], [], 'makeUpWorkdays.1.date'],
    ['also a closed date', [{ date: '2026-02-28', weekday: 1 }], ['2026-02-28'], 'makeUpWorkdays.0.date'],
    ['neither weekday nor periods', [{ date: '2026-02-28' }], [], 'makeUpWorkdays.0'],
    ['both weekday and periods', [{ date: '2026-02-28', weekday: 1, periods: [['09:00', '12:00']] }], [], 'makeUpWorkdays.0'],
    ['weekday 8', [{ date: '2026-02-28', weekday: 8 }], [], 'makeUpWorkdays.0.weekday'],
    ['overlapping periods', [{ date: '2026-02-28', periods: [['09:00', '13:00'], ['12:00', '17:00']] }], [], 'makeUpWorkdays.0.periods'],
    ['no periods at all', [{ date: '2026-02-28', periods: [] }], [], 'makeUpWorkdays.0.periods'],
  ])('%s', (_d, list, closed, path) => {
    expect(makeUpWorkdayProblems(list, closed)[0]?.path ?? null).toBe(path);
  });
});
