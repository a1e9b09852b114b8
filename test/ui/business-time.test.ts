import { join } from 'node:path';

// The business's clock for every time the inbox shows (issue 14 item 7). UI modules are loaded by path, as in
// error-text.test.ts.
const ui = (file: string) => require(join(__dirname, '../../inbox-ui/src', file));
type Style = 'time' | 'dayTime' | 'shortDayTime' | 'weekdayTime' | 'date' | 'dateTime';
const time = ui('shared/business-time') as {
  formatInZone(iso: string, style: Style, timeZone: string | undefined, lang: string): string;
  stampInZone(iso: string, timeZone: string | undefined, lang: string, now?: Date): string;
  offsetLabel(timeZone: string, at: Date): string;
  zonesDiffer(a: string, b: string, at: Date): boolean;
  browserZone(): string;
  zoneTitle(iso?: string): string;
};
const snooze = ui('inbox/snooze-options') as {
  snoozeUntil(choice: string, timeZone: string, now?: Date): string | null;
  customSnooze(value: string, timeZone: string, now?: Date): string | null;
};
const { session } = ui('shared/session') as { session: { agent: { locale: string } | null; timezone?: string } };

// 01:30 on Wednesday 25 November in Shanghai; still 24 November in London and New York.
const LATE = '2026-11-24T17:30:00.000Z';
const now = new Date(LATE);

describe('times are read on the business\'s clock, whatever the browser\'s zone', () => {
  it('formats one instant as each zone\'s clock reads it', () => {
    expect(time.formatInZone(LATE, 'dayTime', 'Asia/Shanghai', 'zh-CN')).toBe('11月25日 01:30');
    expect(time.formatInZone(LATE, 'dayTime', 'America/New_York', 'zh-CN')).toBe('11月24日 12:30');
    expect(time.formatInZone(LATE, 'weekdayTime', 'Asia/Shanghai', 'zh-CN')).toBe('11/25周三 01:30');
    expect(time.formatInZone(LATE, 'dateTime', 'Asia/Shanghai', 'en-GB')).toBe('25/11/2026, 01:30');
    expect(time.formatInZone('not a time', 'time', 'Asia/Shanghai', 'zh-CN')).toBe('');
  });

  it('a stamp shows only the time for today, and "today" is the business\'s day', () => {
    const earlier = '2026-11-24T16:10:00.000Z';   // 00:10 on the 25th in Shanghai, 16:10 on the 24th in London
    expect(time.stampInZone(earlier, 'Asia/Shanghai', 'zh-CN', now)).toBe('00:10');
    expect(time.stampInZone('2026-11-24T15:50:00.000Z', 'Asia/Shanghai', 'zh-CN', now)).toBe('11月24日 23:50');
    expect(time.stampInZone('2026-11-24T15:50:00.000Z', 'Europe/London', 'zh-CN', now)).toBe('15:50');
  });

  it('names a zone by its offset at that instant, summer time included', () => {
    expect(time.offsetLabel('Asia/Shanghai', now)).toBe('GMT+8');
    expect(time.offsetLabel('America/New_York', now)).toBe('GMT-5');
    expect(time.offsetLabel('America/New_York', new Date('2026-07-01T00:00:00Z'))).toBe('GMT-4');
    expect(time.zonesDiffer('Asia/Shanghai', 'Asia/Taipei', now)).toBe(false);
    expect(time.zonesDiffer('Asia/Shanghai', 'Europe/London', now)).toBe(true);
  });

  it('titles a time with the business\'s zone only when the browser\'s differs', () => {
    session.agent = { locale: 'zh-CN' };
    session.timezone = time.browserZone();
    expect(time.zoneTitle(LATE)).toBe('');
    session.timezone = time.browserZone() === 'Asia/Shanghai' ? 'America/New_York' : 'Asia/Shanghai';
    expect(time.zoneTitle(LATE)).toContain(`${session.timezone}（${time.offsetLabel(session.timezone, now)}）`);
    session.agent = { locale: 'en' };
    expect(time.zoneTitle(LATE)).toMatch(/^Business time: /);
  });
});

describe('snooze choices are 09:00 on the business\'s clock', () => {
  it('"tomorrow" is the business\'s tomorrow, and "Monday" its next Monday', () => {
    expect(snooze.snoozeUntil('tomorrow', 'Asia/Shanghai', now)).toBe('2026-11-26T01:00:00.000Z');
    expect(snooze.snoozeUntil('tomorrow', 'Europe/London', now)).toBe('2026-11-25T09:00:00.000Z');
    expect(snooze.snoozeUntil('monday', 'Asia/Shanghai', now)).toBe('2026-11-30T01:00:00.000Z');
    expect(snooze.snoozeUntil('1h', 'Asia/Shanghai', now)).toBe('2026-11-24T18:30:00.000Z');
    expect(snooze.snoozeUntil('reply', 'Asia/Shanghai', now)).toBeNull();
  });

  it('a picked date and time is read on the business\'s clock; the past is refused', () => {
    expect(snooze.customSnooze('2026-11-25T09:00', 'Asia/Shanghai', now)).toBe('2026-11-25T01:00:00.000Z');
    expect(snooze.customSnooze('2026-11-25T01:00', 'Asia/Shanghai', now)).toBeNull();
    expect(snooze.customSnooze('', 'Asia/Shanghai', now)).toBeNull();
  });
});
