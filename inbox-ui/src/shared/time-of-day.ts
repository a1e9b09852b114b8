/** Every quarter hour of a day, 24-hour: the suggestions a time field offers. */
export const QUARTER_HOURS = Array.from({ length: 96 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);

/**
 * What someone typed as a time of day, as "HH:MM": "930" → "09:30", "9:30" and "9：30" → "09:30", "14" → "14:00".
 * Anything unreadable comes back as typed (trimmed), for the field's pattern and the server to name.
 */
export function normaliseTime(text: string): string {
  const trimmed = text.trim();
  const separated = /^(\d{1,2})[:：.](\d{2})$/.exec(trimmed);
  if (separated) return `${separated[1].padStart(2, '0')}:${separated[2]}`;
  const digits = /^\d{1,4}$/.exec(trimmed)?.[0];
  if (!digits) return trimmed;
  const [h, m] = digits.length <= 2 ? [digits, '00'] : [digits.slice(0, -2), digits.slice(-2)];
  return `${h.padStart(2, '0')}:${m}`;
}
