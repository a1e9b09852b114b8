/** The snooze menu's choices, as instants in the agent's own time zone (null: until the customer's next reply). */
export type SnoozeChoice = 'reply' | '1h' | '3h' | 'tomorrow' | 'monday';

function atNine(day: Date): Date {
  const d = new Date(day);
  d.setHours(9, 0, 0, 0);
  return d;
}

export function snoozeUntil(choice: SnoozeChoice, now = new Date()): string | null {
  switch (choice) {
    case 'reply': return null;
    case '1h': return new Date(now.getTime() + 3_600_000).toISOString();
    case '3h': return new Date(now.getTime() + 3 * 3_600_000).toISOString();
    case 'tomorrow': return atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)).toISOString();
    case 'monday': {
      const ahead = ((8 - now.getDay()) % 7) || 7;   // the next Monday, never today
      return atNine(new Date(now.getFullYear(), now.getMonth(), now.getDate() + ahead)).toISOString();
    }
  }
}

/** A `datetime-local` value (local wall time, no zone) as an instant; null if empty or not in the future. */
export function customSnooze(value: string, now = new Date()): string | null {
  const at = new Date(value);
  return Number.isNaN(at.getTime()) || at <= now ? null : at.toISOString();
}
