import type { DataSource } from 'typeorm';
// data-source.ts first: it lists rollup-store.ts's subscriber, which imports it back.
import { migratedDatabase } from '../../support/migrated-database';
import { countRollups, EMPTIED_SWEEP_MS, sweepEmptiedBy, sweepEmptiedRollups } from '../../../server/reports/rollup-store';
import { fixedClock, systemClock } from '../../../server/shared/clock';
import { hourOf } from '../../../server/reports/rollup-keys';
import type { RollupDelta } from '../../../server/reports/rollup-keys';

// A count moved away leaves its row at zero (every reply passes through `pending`). Deleting those rows after every
// commit cost each batch of sent replies a statement that locked this hour's hot rows: they are gathered instead, and
// deleted together soon after (rollup-store.ts).
const db = migratedDatabase();
let ds: DataSource;
beforeAll(() => { ds = db.ds(); });

const HOUR = 499_000;
const delta = (state: string, n: number): RollupDelta => ({ hour: HOUR, dim: 'all', value: 'loopback', channelId: 0, kind: 'out', state, n, segments: 0 });
const rowsOf = async (state: string) => (await ds.query("SELECT grain, n FROM report_rollups WHERE kind = 'out' AND state = ? ORDER BY grain", [state]) as Array<{ grain: string; n: number | string }>)
  .map((r) => `${r.grain}:${Number(r.n)}`);
const move = (from: string, to: string) => ds.transaction((em) => countRollups(em, [delta(from, -1), delta(to, 1)]));

describe('roll-up rows a commit leaves at zero', () => {
  it('stay past the commit, counting nothing, and go together at the sweep', async () => {
    await ds.transaction((em) => countRollups(em, [delta('pending', 2)]));
    await move('pending', 'delivered');
    await move('pending', 'delivered');
    // Committed, and no DELETE went with either commit: the emptied rows are still there, at zero.
    expect(await rowsOf('pending')).toEqual(['d:0', 'h:0']);
    expect(await rowsOf('delivered')).toEqual(['d:2', 'h:2']);

    await sweepEmptiedRollups(ds);
    expect(await rowsOf('pending')).toEqual([]);
    expect(await rowsOf('delivered')).toEqual(['d:2', 'h:2']);
  });

  it('spares a row counted again before the sweep, and sweeps on its own within EMPTIED_SWEEP_MS', async () => {
    await ds.transaction((em) => countRollups(em, [delta('sent', 1)]));
    await move('sent', 'failed');
    await ds.transaction((em) => countRollups(em, [delta('sent', 1)]));   // counted again: not empty any more
    await move('failed', 'undelivered');
    for (const until = Date.now() + EMPTIED_SWEEP_MS * 5; Date.now() < until && (await rowsOf('failed')).length; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await rowsOf('failed')).toEqual([]);
    expect(await rowsOf('sent')).toEqual(['d:1', 'h:1']);
    expect(await rowsOf('undelivered')).toEqual(['d:1', 'h:1']);
  });

  it('keeps the rows of the hour, day and month under way, which every text counts into, until each is over', async () => {
    // Deleted while texts were counted into it, a row was re-inserted by two transactions at once, which deadlocked.
    const clock = fixedClock('2026-12-31T23:10:00Z');
    sweepEmptiedBy(ds, clock);
    const at = (state: string, n: number): RollupDelta[] => [
      { ...delta(state, n), hour: hourOf(clock.now()) },
      { ...delta(state, n), hour: hourOf(clock.now()), dim: 'agent', value: '7' },   // kept per month too
    ];
    const rows = async () => (await ds.query("SELECT grain, dim FROM report_rollups WHERE kind = 'out' AND state = 'queued' ORDER BY grain, dim") as Array<{ grain: string; dim: string }>)
      .map((r) => `${r.grain} ${r.dim}`);
    await ds.transaction((em) => countRollups(em, at('queued', 1)));
    await ds.transaction((em) => countRollups(em, [...at('queued', -1), ...at('sending', 1)]));
    const all = ['d agent', 'd all', 'h agent', 'h all', 'm agent'];

    await sweepEmptiedRollups(ds);
    expect(await rows()).toEqual(all);
    clock.set('2026-12-31T23:59:59Z');
    await sweepEmptiedRollups(ds);
    expect(await rows()).toEqual(all);
    clock.set('2027-01-01T00:00:00Z');   // the hour, the day and the month are over at once
    await sweepEmptiedRollups(ds);
    expect(await rows()).toEqual([]);
    sweepEmptiedBy(ds, systemClock);
  });

  it("sweeps an hour's rows once the hour is over, its day's once the day is", async () => {
    const clock = fixedClock('2026-12-07T10:10:00Z');
    sweepEmptiedBy(ds, clock);
    const now = { ...delta('held', 1), hour: hourOf(clock.now()) };
    const rows = async () => (await ds.query("SELECT grain FROM report_rollups WHERE kind = 'out' AND state = 'held' ORDER BY grain") as Array<{ grain: string }>).map((r) => r.grain);
    await ds.transaction((em) => countRollups(em, [now]));
    await ds.transaction((em) => countRollups(em, [{ ...now, n: -1 }]));
    clock.set('2026-12-07T11:00:00Z');
    await sweepEmptiedRollups(ds);
    expect(await rows()).toEqual(['d']);
    clock.set('2026-12-08T00:00:00Z');
    await sweepEmptiedRollups(ds);
    expect(await rows()).toEqual([]);
    sweepEmptiedBy(ds, systemClock);
  });
});
