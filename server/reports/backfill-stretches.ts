const DAY = 86_400_000;
/** A month of history at a time: a busy clinic's month is a few thousand visits, tens of thousands of campaign texts. */
const STRETCH = 31 * DAY;

/**
 * Calls `count` for each month-long stretch from the UTC day of the earliest of `instants` to a day past the latest
 * (none known: nothing to count) — how the upgrade migrations' backfills read a database's whole history without
 * holding all of it at once.
 */
export async function inMonthStretches(instants: Array<Date | null>, count: (start: Date, end: Date) => Promise<void>): Promise<void> {
  const known = instants.filter((d): d is Date => d !== null).map((d) => d.getTime());
  if (!known.length) return;
  const from = Math.floor(Math.min(...known) / DAY) * DAY;
  const to = Math.max(...known) + DAY;
  for (let start = from; start < to; start += STRETCH) await count(new Date(start), new Date(Math.min(start + STRETCH, to)));
}
