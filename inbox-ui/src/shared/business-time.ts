import { fromWall, toWall } from '../calendar/zone-shift';
import { locale, pageMessages } from './i18n';
import { session } from './session';

/**
 * Every time the inbox and admin pages show is in the business's time zone (settings, sent with the session), not
 * the browser's: an agent working from another zone, or a laptop set to UTC, must read "10:00" for the visit the
 * customer was texted "10:00" about. Where the zones differ at that moment, a title names the zone and its offset.
 * The functions taking `timeZone` are pure (test/ui/business-time.test.ts); the short ones at the end read the
 * session's zone and the agent's language.
 */

export type TimeStyle = 'time' | 'dayTime' | 'shortDayTime' | 'weekdayTime' | 'date' | 'dateTime';

const CLOCK = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: CLOCK,
  dayTime: { month: 'long', day: 'numeric', ...CLOCK },
  shortDayTime: { month: 'numeric', day: 'numeric', ...CLOCK },
  weekdayTime: { month: 'numeric', day: 'numeric', weekday: 'short', ...CLOCK },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', ...CLOCK },
};

// Building a formatter costs far more than using one, and a thread formats every bubble.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: TimeStyle | 'offset' | 'day', timeZone: string | undefined, lang: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone ?? ''}|${lang}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = style === 'offset' ? { timeZoneName: 'shortOffset' }
      : style === 'day' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : STYLES[style];
    f = new Intl.DateTimeFormat(lang, { ...options, ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** `iso` as the business's clock reads it; '' for a value that is not a time. */
export function formatInZone(iso: string, style: TimeStyle, timeZone: string | undefined, lang: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '' : formatter(style, timeZone, lang).format(at);
}

/**
 * A message's stamp: today's show just the time, older ones the day too — "today" in the business's zone.
 * @example stampInZone('2026-11-24T17:30:00Z', 'Asia/Shanghai', 'zh-CN', new Date('2026-11-24T15:00:00Z')) // → '11月25日 01:30'
 */
export function stampInZone(iso: string, timeZone: string | undefined, lang: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const day = formatter('day', timeZone, 'en-CA');
  return formatInZone(iso, day.format(at) === day.format(now) ? 'time' : 'dayTime', timeZone, lang);
}

/** "GMT+8", "GMT-5", "GMT" at that instant (offsets change with summer time). */
export const offsetLabel = (timeZone: string, at: Date): string =>
  formatter('offset', timeZone, 'en-US').formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;

export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Whether two zones read a different clock at that instant (Asia/Shanghai and Asia/Taipei do not). */
export const zonesDiffer = (a: string, b: string, at: Date): boolean => offsetLabel(a, at) !== offsetLabel(b, at);

/** The instant `hhmm` falls on, `daysAhead` days after `now`'s day, on the business's clock. */
export function wallClockAhead(now: Date, daysAhead: number, hhmm: string, timeZone: string): Date {
  const wall = toWall(now, timeZone);
  const [h, m] = hhmm.split(':').map(Number);
  return fromWall(new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + daysAhead, h, m)), timeZone);
}

/** The weekday (0 Sunday … 6 Saturday) of `now` on the business's clock. */
export const weekdayIn = (now: Date, timeZone: string): number => toWall(now, timeZone).getUTCDay();

/** A `datetime-local` value ("2026-11-25T09:00", no zone) read on the business's clock. */
export function wallClockValue(value: string, timeZone: string): Date | null {
  const wall = new Date(`${value}Z`);
  return Number.isNaN(wall.getTime()) ? null : fromWall(wall, timeZone);
}

const tz = pageMessages({
  zoneTitle: ['诊所时间：{zone}（{offset}），与你电脑的时区不同', 'Business time: {zone} ({offset}), not your computer\'s zone'],
});

/** The business's zone, or the browser's until the session says. */
export const businessZone = (): string => session.timezone ?? browserZone();
/** A time on the business's clock, in the agent's language. */
export const showTime = (iso: string, style: TimeStyle = 'dayTime'): string => formatInZone(iso, style, businessZone(), locale.value);
export const showStamp = (iso: string): string => stampInZone(iso, businessZone(), locale.value);
/** A title for a shown time: which zone it is in, only when that is not the browser's own (else ''). */
export function zoneTitle(iso?: string): string {
  const zone = businessZone();
  const at = iso ? new Date(iso) : new Date();
  if (Number.isNaN(at.getTime()) || !zonesDiffer(zone, browserZone(), at)) return '';
  return tz('zoneTitle', { zone, offset: offsetLabel(zone, at) });
}
