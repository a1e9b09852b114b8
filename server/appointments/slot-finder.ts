import { LessThan, MoreThan, Not, In, type EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { Appointment } from '../db/entities';
import { localParts, zonedTime } from './zoned-time';

const toMinutes = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return h * 60 + m; };

async function isFree(em: EntityManager, startsAt: Date, endsAt: Date, ignoreId?: number): Promise<boolean> {
  const clash = await em.count(Appointment, {
    where: { startsAt: LessThan(endsAt), endsAt: MoreThan(startsAt), status: Not(In(['cancelled', 'no_show'])), ...(ignoreId ? { id: Not(ignoreId) } : {}) },
  });
  return clash === 0;
}

function withinHours(settings: Settings, start: Date, durationMin: number, timezone: string): boolean {
  const local = localParts(start, timezone);
  const hours = settings.businessHours[String(local.isoWeekday)];
  if (!hours) return false;
  const begin = local.hour * 60 + local.minute;
  return begin >= toMinutes(hours[0]) && begin + durationMin <= toMinutes(hours[1]);
}

/**
 * Free starts for an appointment of this length: first the wanted time if it fits, then the same time of day on the
 * following days (customers keep their routines), then other half-hour starts. One chair: capacity 1.
 */
export async function findFreeSlots(em: EntityManager, opts: {
  settings: Settings; timezone: string; durationMin: number; after: Date; preferred: Date; limit: number; ignoreId?: number;
}): Promise<Date[]> {
  const { settings, timezone, durationMin, after, preferred, limit, ignoreId } = opts;
  const found: Date[] = [];
  const tryStart = async (start: Date) => {
    if (start <= after || found.some((f) => f.getTime() === start.getTime())) return;
    if (!withinHours(settings, start, durationMin, timezone)) return;
    if (await isFree(em, start, new Date(start.getTime() + durationMin * 60_000), ignoreId)) found.push(start);
  };
  const pref = localParts(preferred, timezone);
  const base = localParts(after, timezone);
  for (let d = 0; d < 21 && found.length < limit; d++) {
    const day = new Date(Date.UTC(base.year, base.month - 1, base.day + d));
    await tryStart(zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), pref.hour, pref.minute, timezone));
  }
  for (let d = 0; d < 21 && found.length < limit; d++) {
    for (let minute = 8 * 60; minute < 21 * 60 && found.length < limit; minute += 30) {
      const day = new Date(Date.UTC(base.year, base.month - 1, base.day + d));
      await tryStart(zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(minute / 60), minute % 60, timezone));
    }
  }
  return found.sort((a, b) => a.getTime() - b.getTime()).slice(0, limit);
}

export { isFree, withinHours };
