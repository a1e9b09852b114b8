import { ref } from 'vue';
import { WEEKDAY_KEYS, type WeeklyPeriods } from '../../../rules/dates/periods';
import { ApiError } from '../shared/api';
import { describeError, fieldErrorKey } from '../shared/error-text';

/** A usual clinic week: weekdays with a lunch break, Saturday morning, Sunday closed. */
export function defaultWeek(): WeeklyPeriods {
  const day = (): [string, string][] => [['09:00', '12:00'], ['13:30', '18:00']];
  return { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [['09:00', '12:00']], sun: [] };
}

/** A deep copy, so editing the form never changes the list until it is saved. */
export const copyWeek = (w: WeeklyPeriods): WeeklyPeriods =>
  Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, (w[k] ?? []).map((p) => [...p])])) as WeeklyPeriods;

/** A week as the bot's settings keep it (`businessHours`): ISO weekday '1'…'7', null for a closed day. */
export const toSettingsHours = (w: WeeklyPeriods): Record<string, [string, string][] | null> =>
  Object.fromEntries(WEEKDAY_KEYS.map((k, i) => [String(i + 1), w[k].length ? w[k] : null]));

export interface Booking { id: number; startsAt: string }

/**
 * Errors by field, in the agent's language: a 400 names the field ("weeklyHours.mon" goes under the week editor), a
 * 409 lists the bookings still in the way; anything else is shown at the form's foot.
 */
export function useFormErrors() {
  const fields = ref<Record<string, string>>({});
  const general = ref('');
  const bookings = ref<Booking[]>([]);
  function clear(): void { fields.value = {}; general.value = ''; bookings.value = []; }
  function show(err: unknown): void {
    clear();
    const field = fieldErrorKey(err);
    if (field) fields.value = { [field]: describeError(err) };
    else general.value = describeError(err);
    if (err instanceof ApiError && err.status === 409) bookings.value = bookingsIn(err.message);
  }
  return { fields, general, bookings, clear, show };
}

/** The bookings a 409 names, read from its message (`#12 at 2027-01-05T01:00:00.000Z`). */
function bookingsIn(message: string): Booking[] {
  return [...message.matchAll(/#(\d+) at (\S+?)(?:,|$)/g)].map((m) => ({ id: Number(m[1]), startsAt: m[2] }));
}

/** IANA time zones the browser knows, for a picker (Intl.supportedValuesOf, with the usual ones if it is missing). */
export function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'UTC'];
  return all.includes(current) ? all : [current, ...all];
}
