/** How long a customer has waited, in the unit that reads best: 3 minutes, 2 hours, 1 day. */
export function waitedFor(iso: string, now: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.round(minutes / 60) };
  return { unit: 'days', n: Math.round(minutes / 1440) };
}
