import type { DataSource } from 'typeorm';
import { toPeriods } from '../../../server/db/migrations/1764300000000-catalog-periods';
import { migratedDatabase, undoThrough } from '../../support/migrated-database';

describe('converting opening hours and breaks to periods', () => {
  test.each([
    ['a lunch break splits the day', { 1: ['09:00', '18:00'] }, [{ start: '12:00', end: '13:00' }], [['09:00', '12:00'], ['13:00', '18:00']]],
    ['a break on other weekdays only leaves Monday whole', { 1: ['09:00', '18:00'] }, [{ start: '12:00', end: '13:00', days: [2] }], [['09:00', '18:00']]],
    ['a break outside the hours changes nothing', { 1: ['09:00', '12:00'] }, [{ start: '12:00', end: '13:00' }], [['09:00', '12:00']]],
    ['a break at opening moves the start', { 1: ['09:00', '18:00'] }, [{ start: '08:00', end: '10:00' }], [['10:00', '18:00']]],
  ] as const)('%s', (_d, hours, breaks, monday) => {
    const week = toPeriods(hours as never, breaks as never);
    expect(week.mon).toEqual(monday);
    expect(week.sun).toEqual([]);
  });
});

describe('the migration on a real database', () => {
  const db = migratedDatabase();
  let ds: DataSource;
  beforeAll(() => { ds = db.ds(); });
  const undoThroughCatalogPeriods = () => undoThrough(ds, 'CatalogPeriods1764300000000');

  it('turns an existing location\'s hours and breaks into periods, and back when undone', async () => {
    await undoThroughCatalogPeriods();
    await ds.query(
      'INSERT INTO locations (name, timezone, opening_hours, breaks, closed_dates, slot_minutes, capacity, booking_seq, feed_token) VALUES (?, ?, ?, ?, ?, 30, 2, 0, ?)',
      ['老店', 'Asia/Shanghai', JSON.stringify({ 1: ['09:00', '18:00'], 6: ['09:00', '12:00'] }), JSON.stringify([{ start: '12:00', end: '13:30' }]), '["2027-02-10"]', 'feed'],
    );
    await ds.runMigrations();
    const [row] = await ds.query('SELECT weekly_hours, closed_dates FROM locations') as { weekly_hours: string; closed_dates: string }[];
    expect(JSON.parse(row.weekly_hours)).toEqual({
      mon: [['09:00', '12:00'], ['13:30', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [['09:00', '12:00']], sun: [],
    });
    expect(JSON.parse(row.closed_dates)).toEqual(['2027-02-10']);

    await undoThroughCatalogPeriods();
    const [old] = await ds.query('SELECT opening_hours, breaks FROM locations') as { opening_hours: string; breaks: string }[];
    expect(JSON.parse(old.opening_hours)).toEqual({ 1: ['09:00', '18:00'], 6: ['09:00', '12:00'] });
    expect(JSON.parse(old.breaks)).toEqual([{ start: '12:00', end: '13:30', days: [1] }]);
    await ds.runMigrations();
  });
});
