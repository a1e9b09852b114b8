import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { Location, type BreakTime, type OpeningHours } from '../db/entities';

/** A location's diary rules, or the business-wide ones when no location has been set up. */
export interface Venue {
  id: number | null;
  name: string;
  timezone: string;
  openingHours: OpeningHours;
  breaks: BreakTime[];
  closedDates: string[];
  slotMinutes: number;
  capacity: number;
  /** The default location also holds appointments stored without one (created before locations existed). */
  isDefault: boolean;
}

const fromLocation = (l: Location, isDefault: boolean): Venue => ({
  id: l.id, name: l.name, timezone: l.timezone, openingHours: l.openingHours, breaks: l.breaks, closedDates: l.closedDates,
  slotMinutes: l.slotMinutes, capacity: l.capacity, isDefault,
});

function fromSettings(settings: Settings): Venue {
  const openingHours = Object.fromEntries(Object.entries(settings.businessHours).filter(([, h]) => h)) as OpeningHours;
  return { id: null, name: settings.businessName, timezone: settings.timezone, openingHours, breaks: [], closedDates: [], slotMinutes: 30, capacity: 1, isDefault: true };
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
