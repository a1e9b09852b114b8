import type { Settings } from '../types';
import { periodsOnDay } from './business-calendar';
import { addDays, localTime, minutesOf, zonedInstant } from './zoned';

export interface BusinessStatus { open: boolean; reopensAt?: string; reopensAtIso?: string }

function hhmm(instant: Date, timezone: string): string {
  const t = localTime(instant, timezone);
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * Whether people are at work now, and when they next are: inside one of today's periods, unless today is a closed date
 * (a holiday such as 春节 is skipped when naming the reopening); a make-up workday (调休) opens as its settings say.
 * Hours are the business's, in `settings.timezone`; `timezone` is the reader's, so the hand-off acknowledgement ("我们将于 09:00 回复您") shows their own clock.
 * @example businessStatus(settings, '2025-11-22T13:00:00Z') // Saturday 21:00 in Shanghai → { open: false, reopensAt: '09:00', … }
 */
export function businessStatus(settings: Settings, now: string, timezone?: string): BusinessStatus {
  const tz = settings.timezone;
  const local = localTime(new Date(now), tz);
  const minute = local.hour * 60 + local.minute;
  const periodsOn = periodsOnDay(settings);
  if (periodsOn(local, local.isoWeekday).some(([o, c]) => minute >= minutesOf(o) && minute < minutesOf(c))) return { open: true };
  // A week past the last holiday is far enough: every closed date is skipped one by one.
  for (let ahead = 0; ahead <= 7 + (settings.closedDates?.length ?? 0); ahead++) {
    const date = addDays(local, ahead);
    const weekday = ((local.isoWeekday - 1 + ahead) % 7) + 1;
    const next = periodsOn(date, weekday).find(([o]) => ahead > 0 || minutesOf(o) > minute);
    if (!next) continue;
    const [h, m] = next[0].split(':').map(Number);
    const reopens = zonedInstant(date.year, date.month, date.day, h, m, tz);
    return { open: false, reopensAt: hhmm(reopens, timezone || tz), reopensAtIso: reopens.toISOString() };
  }
  return { open: false };
}

const WEEKDAYS_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const WEEKDAYS_EN = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * When a person will answer, as the customer reads it. A bare "09:00" on a Sunday would promise this morning
 * what only happens on Monday, so any day but today is named.
 * @example reopeningLabel('2026-11-22T00:34:00Z', status, 'Asia/Shanghai', 'zh-CN') // Sunday → '周一 09:00'
 */
export function reopeningLabel(now: string, status: BusinessStatus, timezone: string, locale: string): string {
  if (!status.reopensAt || !status.reopensAtIso) return '';
  const today = localTime(new Date(now), timezone);
  const then = localTime(new Date(status.reopensAtIso), timezone);
  const days = Math.round((Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  const en = locale.startsWith('en');
  if (days <= 0) return status.reopensAt;
  if (days === 1) return en ? `${status.reopensAt} tomorrow` : `明天 ${status.reopensAt}`;
  return en ? `${status.reopensAt} on ${WEEKDAYS_EN[then.isoWeekday]}` : `${WEEKDAYS_ZH[then.isoWeekday]} ${status.reopensAt}`;
}
