import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, text, varchar } from './table-builder';

type OldHours = Record<string, [string, string]>;
interface OldBreak { start: string; end: string; days?: number[] }
type Periods = Record<string, [string, string][]>;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One open–close pair minus the breaks of that weekday → the periods between them. */
export function toPeriods(hours: OldHours, breaks: OldBreak[]): Periods {
  return Object.fromEntries(DAYS.map((key, i) => {
    const day = hours[String(i + 1)];
    if (!day) return [key, []];
    const cuts = breaks.filter((b) => !b.days || b.days.includes(i + 1)).filter((b) => b.start < day[1] && b.end > day[0])
      .sort((a, b) => a.start.localeCompare(b.start));
    const out: [string, string][] = [];
    let from = day[0];
    for (const b of cuts) {
      if (b.start > from) out.push([from, b.start]);
      if (b.end > from) from = b.end;
    }
    if (from < day[1]) out.push([from, day[1]]);
    return [key, out];
  }));
}

/** Back: each day's first opening to last closing, the gaps as breaks on that weekday. */
function fromPeriods(week: Periods): { hours: OldHours; breaks: OldBreak[] } {
  const hours: OldHours = {};
  const breaks: OldBreak[] = [];
  DAYS.forEach((key, i) => {
    const periods = week[key] ?? [];
    if (periods.length === 0) return;
    hours[String(i + 1)] = [periods[0][0], periods.at(-1)![1]];
    for (let j = 1; j < periods.length; j++) breaks.push({ start: periods[j - 1][1], end: periods[j][0], days: [i + 1] });
  });
  return { hours, breaks };
}

const parse = <T>(v: unknown, fallback: T): T => (typeof v === 'string' && v ? JSON.parse(v) as T : fallback);

/**
 * Issue 13: a location's week is periods per day (`{ mon: [["09:00","12:00"],["13:30","18:00"]], … }`, a gap is a
 * break) instead of one open–close pair plus a list of breaks; existing rows are converted. Locations gain an address
 * and phone; services a name per language, a buffer and which staff and locations offer them; staff their own hours
 * (null: the location's).
 */
export class CatalogPeriods1764300000000 implements MigrationInterface {
  name = 'CatalogPeriods1764300000000';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('locations', [
      new TableColumn(text('weekly_hours', { isNullable: true })),
      new TableColumn(varchar('address', 200, { default: "''" })),
      new TableColumn(varchar('phone', 40, { default: "''" })),
    ]);
    const rows = await qr.query('SELECT id, opening_hours, breaks FROM locations') as { id: number; opening_hours: string; breaks: string }[];
    for (const r of rows) {
      const week = toPeriods(parse<OldHours>(r.opening_hours, {}), parse<OldBreak[]>(r.breaks, []));
      await qr.query('UPDATE locations SET weekly_hours = ? WHERE id = ?', [JSON.stringify(week), r.id]);
    }
    await qr.dropColumn('locations', 'opening_hours');
    await qr.dropColumn('locations', 'breaks');
    await qr.addColumns('services', [
      new TableColumn(text('names', { isNullable: true })),
      new TableColumn(int('buffer_min', { default: 0 })),
      new TableColumn(text('location_ids', { isNullable: true })),
      new TableColumn(text('staff_ids', { isNullable: true })),
    ]);
    await qr.addColumn('staff', new TableColumn(text('weekly_hours', { isNullable: true })));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropColumn('staff', 'weekly_hours');
    for (const c of ['staff_ids', 'location_ids', 'buffer_min', 'names']) await qr.dropColumn('services', c);
    await qr.addColumns('locations', [new TableColumn(text('opening_hours', { isNullable: true })), new TableColumn(text('breaks', { isNullable: true }))]);
    const rows = await qr.query('SELECT id, weekly_hours FROM locations') as { id: number; weekly_hours: string }[];
    for (const r of rows) {
      const { hours, breaks } = fromPeriods(parse<Periods>(r.weekly_hours, {}));
      await qr.query('UPDATE locations SET opening_hours = ?, breaks = ? WHERE id = ?', [JSON.stringify(hours), JSON.stringify(breaks), r.id]);
    }
    for (const c of ['phone', 'address', 'weekly_hours']) await qr.dropColumn('locations', c);
  }
}
