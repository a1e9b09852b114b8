/** How long a customer has waited, in the unit that reads best: 3 minutes, 2 hours, 1 day. */
export function waitedFor(iso: string, now: number): { unit: 'minutes' | 'hours' | 'days'; n: number } {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.round(minutes / 60) };
  return { unit: 'days', n: Math.round(minutes / 1440) };
}

/**
 * Which conversation to open after `gone` left the list (resolved, snoozed: Gmail's archive-next): the one that took
 * its place, or the one above when it was last; null when the list is empty or `gone` was not in it.
 */
export function nextAfter(before: number[], gone: number, after: number[]): number | null {
  const i = before.indexOf(gone);
  if (i < 0 || !after.length) return null;
  const below = before.slice(i + 1).find((id) => after.includes(id));
  const above = before.slice(0, i).reverse().find((id) => after.includes(id));
  return below ?? above ?? after[0];
}
