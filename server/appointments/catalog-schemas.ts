import { z } from 'zod';
import { isLocalDate, periodsProblem, WEEKDAY_KEYS, type Period } from '../../rules';
import { isValidTimeZone } from '../../rules/dates/zoned';
import { idNumber } from '../http/query-schemas';

// Bodies of the catalog admin routes (services, locations, staff), parsed once at the edge.

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected "HH:MM" (24-hour)');
const period = z.tuple([hhmm, hhmm]);

/** One day's periods, in order and not overlapping; a gap is a break, [] is closed. */
const dayPeriods = z.array(period).max(8).superRefine((periods, ctx) => {
  const problem = periodsProblem(periods as Period[]);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** `{ mon: [["09:00","12:00"],["13:30","18:00"]], …, sun: [] }`; a missing day is closed. */
export const weeklyHours = z.strictObject(Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, dayPeriods.optional()])) as Record<(typeof WEEKDAY_KEYS)[number], z.ZodOptional<typeof dayPeriods>>)
  .transform((w) => Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, (w[k] ?? []) as Period[]])) as Record<(typeof WEEKDAY_KEYS)[number], Period[]>);

export const closedDates = z.array(z.string().refine(isLocalDate, 'expected a date "YYYY-MM-DD"')).max(366)
  .transform((d) => [...new Set(d)].sort());

const ids = z.array(idNumber).max(200).transform((v) => [...new Set(v)]);
const localeName = z.string().trim().min(1, 'is required').max(100);

/** A plain name, or one per language: `{ 'zh-CN': '洗牙', en: 'Cleaning' }`. */
const serviceName = z.union([localeName, z.record(z.string().regex(/^[a-z]{2}(-[A-Z][A-Za-z]{1,3})?$/, 'a language tag such as zh-CN or en'), localeName)
  .refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 10, 'one to ten languages')]);

const serviceFields = {
  name: serviceName,
  durationMinutes: z.number().int('must be whole minutes').min(5, 'at least 5 minutes').max(720, 'at most 12 hours'),
  bufferMinutes: z.number().int('must be whole minutes').min(0).max(240),
  locationIds: ids,
  staffIds: ids,
  active: z.boolean(),
};
const locationFields = {
  name: z.string().trim().min(1, 'is required').max(100),
  address: z.string().trim().max(200),
  phone: z.string().trim().max(40).regex(/^$|^[+\d][\d\s()-]{2,30}$/, 'digits, spaces, "-", "(", ")" and a leading "+"'),
  timezone: z.string().max(64).refine(isValidTimeZone, 'unknown time zone'),
  capacity: z.number().int().min(1, 'at least 1').max(100),
  slotMinutes: z.number().int().min(5).max(240),
  weeklyHours,
  closedDates,
};
const staffFields = {
  name: z.string().trim().min(1, 'is required').max(100),
  locationId: idNumber.nullable(),
  serviceIds: ids,
  weeklyHours: weeklyHours.nullable(),
  active: z.boolean(),
};

/** Creating: what is required, the rest defaulted. Patching: any subset, nothing defaulted (absent stays as it was). */
export const serviceBody = z.strictObject({
  ...serviceFields, bufferMinutes: serviceFields.bufferMinutes.default(0), locationIds: ids.default([]), staffIds: ids.default([]), active: z.boolean().default(true),
});
export const servicePatch = z.strictObject(serviceFields).partial();

export const locationBody = z.strictObject({
  ...locationFields, address: locationFields.address.default(''), phone: locationFields.phone.default(''),
  timezone: locationFields.timezone.default('Asia/Shanghai'), capacity: locationFields.capacity.default(1),
  slotMinutes: locationFields.slotMinutes.default(30), closedDates: closedDates.default([]),
});
export const locationPatch = z.strictObject(locationFields).partial();

export const staffBody = z.strictObject({
  ...staffFields, locationId: staffFields.locationId.default(null), serviceIds: ids.default([]),
  weeklyHours: staffFields.weeklyHours.default(null), active: z.boolean().default(true),
});
export const staffPatch = z.strictObject(staffFields).partial();
