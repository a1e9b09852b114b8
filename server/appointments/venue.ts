import type { EntityManager } from 'typeorm';
import { byIsoWeekday, periodsOf, type Period } from '../../rules';
import type { Settings } from '../../rules/types';
import { Location, StaffMember } from '../db/entities';

/** A location's diary rules, or the business-wide ones when no location has been set up. */
export interface Venue {
  id: number | null;
  name: string;
  timezone: string;
  /** ISO weekday '1' (Monday) … '7' → the day's periods; a gap between two is a break, none is closed. */
  periods: Record<string, Period[]>;
  closedDates: string[];
  slotMinutes: number;
  capacity: number;
  /** The default location also holds appointments stored without one (created before locations existed). */
  isDefault: boolean;
}

const fromLocation = (l: Location, isDefault: boolean): Venue => ({
  id: l.id, name: l.name, timezone: l.timezone, periods: byIsoWeekday(l.weeklyHours ?? {}), closedDates: l.closedDates ?? [],
  slotMinutes: l.slotMinutes, capacity: l.capacity, isDefault,
});

function fromSettings(settings: Settings): Venue {
  const periods = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, periodsOf(settings.businessHours[d])]));
  return {
    id: null, name: settings.businessName, timezone: settings.timezone, periods, closedDates: settings.closedDates ?? [],
    slotMinutes: 30, capacity: 1, isDefault: true,
  };
}

/** The location by id; without one, the first location (the default); without any, the bot settings' hours. */
export async function resolveVenue(em: EntityManager, locationId: number | null | undefined, settings: Settings): Promise<Venue> {
  const first = await em.findOne(Location, { where: {}, order: { id: 'ASC' } });
  if (locationId && locationId !== first?.id) {
    const location = await em.findOneBy(Location, { id: locationId });
    if (location) return fromLocation(location, false);
  }
  return first ? fromLocation(first, true) : fromSettings(settings);
}

/** A staff member's own working periods by ISO weekday; undefined when they keep the location's hours. */
export async function staffPeriods(em: EntityManager, staffId: number | null | undefined): Promise<Record<string, Period[]> | undefined> {
  if (!staffId) return undefined;
  const staff = await em.findOneBy(StaffMember, { id: staffId });
  return staff?.weeklyHours ? byIsoWeekday(staff.weeklyHours) : undefined;
}
