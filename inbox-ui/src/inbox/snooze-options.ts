import { wallClockAhead, wallClockValue, weekdayIn } from '../shared/business-time';

/**
 * The snooze menu's choices as instants, "tomorrow 09:00" on the business's clock (the zone its customers and
 * opening hours are in), not the agent's browser's. null: until the customer's next reply.
 */
export type SnoozeChoice = 'reply' | '1h' | '3h' | 'tomorrow' | 'monday';

export function snoozeUntil(choice: SnoozeChoice, timeZone: string, now = new Date()): string | null {
  switch (choice) {
    case 'reply': return null;
    case '1h': return new Date(now.getTime() + 3_600_000).toISOString();
    case '3h': return new Date(now.getTime() + 3 * 3_600_000).toISOString();
    case 'tomorrow': return wallClockAhead(now, 1, '09:00', timeZone).toISOString();
    case 'monday': {
      const ahead = ((8 - weekdayIn(now, timeZone)) % 7) || 7;   // the next Monday, never today
      return wallClockAhead(now, ahead, '09:00', timeZone).toISOString();
    }
  }
}

/** A `datetime-local` value (wall time, no zone) on the business's clock as an instant; null if empty or not in the future. */
export function customSnooze(value: string, timeZone: string, now = new Date()): string | null {
  const at = wallClockValue(value, timeZone);
  return !at || at <= now ? null : at.toISOString();
}
