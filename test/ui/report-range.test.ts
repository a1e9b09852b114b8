import { join } from 'node:path';

// The dashboard's date range (issue 17): presets are the business's days, whatever the browser's clock says. UI
// modules are loaded by path, as in business-time.test.ts.
type DateRange = { from: string; to: string };
const range = require(join(__dirname, '../../inbox-ui/src/reports/report-range')) as {
  PRESETS: readonly string[];
  localToday(now: Date, timeZone: string): string;
  presetRange(preset: string, now: Date, timeZone: string): DateRange;
  presetOf(range: DateRange, now: Date, timeZone: string): string | null;
  rangeProblem(range: DateRange): string | null;
  rangeOfQuery(search: string, now: Date, timeZone: string): DateRange;
  previousOf(range: DateRange): DateRange;
  daysIn(range: DateRange): number;
};

// 1 December 2026, 01:30 in Shanghai — still 30 November in UTC, London and New York.
const EARLY_DECEMBER = new Date('2026-11-30T17:30:00Z');
// 31 December 2026, 23:30 in Shanghai; 1 January 2027 somewhere east of it (Auckland).
const NEW_YEARS_EVE = new Date('2026-12-31T15:30:00Z');

describe('the dashboard\'s range presets are the business\'s days', () => {
  it('takes today from the business\'s zone, not UTC\'s or the browser\'s', () => {
    expect(range.localToday(EARLY_DECEMBER, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(range.localToday(EARLY_DECEMBER, 'Europe/London')).toBe('2026-11-30');
    expect(range.localToday(EARLY_DECEMBER, 'America/New_York')).toBe('2026-11-30');
  });

  it.each([
    ['today', { from: '2026-12-01', to: '2026-12-01' }],
    ['7d', { from: '2026-11-25', to: '2026-12-01' }],
    ['30d', { from: '2026-11-02', to: '2026-12-01' }],
    ['thisMonth', { from: '2026-12-01', to: '2026-12-01' }],
    ['lastMonth', { from: '2026-11-01', to: '2026-11-30' }],
  ])('%s at 01:30 on 1 December in Shanghai', (preset, expected) => {
    expect(range.presetRange(preset, EARLY_DECEMBER, 'Asia/Shanghai')).toEqual(expected);
  });

  it('reads the same instant as November in New York', () => {
    expect(range.presetRange('thisMonth', EARLY_DECEMBER, 'America/New_York')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(range.presetRange('lastMonth', EARLY_DECEMBER, 'America/New_York')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });

  it('crosses a year and a leap February', () => {
    expect(range.presetRange('today', NEW_YEARS_EVE, 'Pacific/Auckland')).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(range.presetRange('lastMonth', NEW_YEARS_EVE, 'Pacific/Auckland')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(range.presetRange('7d', NEW_YEARS_EVE, 'Pacific/Auckland')).toEqual({ from: '2026-12-26', to: '2027-01-01' });
    expect(range.presetRange('lastMonth', new Date('2028-03-10T04:00:00Z'), 'Asia/Shanghai')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('counts a preset\'s days across a summer-time change as whole local days', () => {
    // New York springs forward on 8 March 2026: the seven days still end today and start six days before.
    const r = range.presetRange('7d', new Date('2026-03-10T15:00:00Z'), 'America/New_York');
    expect(r).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(range.daysIn(r)).toBe(7);
  });

  it('names the preset a range is, and compares with as many days just before', () => {
    expect(range.presetOf({ from: '2026-11-25', to: '2026-12-01' }, EARLY_DECEMBER, 'Asia/Shanghai')).toBe('7d');
    expect(range.presetOf({ from: '2026-11-25', to: '2026-12-01' }, EARLY_DECEMBER, 'Europe/London')).toBeNull();
    expect(range.previousOf({ from: '2026-12-01', to: '2026-12-01' })).toEqual({ from: '2026-11-30', to: '2026-11-30' });
    expect(range.previousOf({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
  });

  it('refuses a custom range the server would refuse, in the page\'s words', () => {
    expect(range.rangeProblem({ from: '2026-02-30', to: '2026-03-01' })).toBe('badDate');
    expect(range.rangeProblem({ from: '2026-12-02', to: '2026-12-01' })).toBe('fromAfterTo');
    expect(range.rangeProblem({ from: '2024-11-30', to: '2026-12-01' })).toBe('tooLong');   // 732 days
    expect(range.rangeProblem({ from: '2024-12-01', to: '2026-12-01' })).toBeNull();        // 731: the most
    expect(range.rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBeNull();
  });

  it('keeps a range from the address, a preset by its name, and the last 7 days otherwise', () => {
    expect(range.rangeOfQuery('?from=2026-11-24&to=2026-11-25', EARLY_DECEMBER, 'Asia/Shanghai')).toEqual({ from: '2026-11-24', to: '2026-11-25' });
    expect(range.rangeOfQuery('?range=lastMonth', EARLY_DECEMBER, 'Asia/Shanghai')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(range.rangeOfQuery('?from=2026-11-25&to=2026-11-24', EARLY_DECEMBER, 'Asia/Shanghai')).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(range.rangeOfQuery('', EARLY_DECEMBER, 'Asia/Shanghai')).toEqual({ from: '2026-11-25', to: '2026-12-01' });
  });
});
