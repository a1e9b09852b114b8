import type { DataSource } from 'typeorm';
// data-source.ts first: it lists rollup-store.ts's subscriber, which imports it back.
import { migratedDatabase } from '../../support/migrated-database';
import { countRollups, EMPTIED_SWEEP_MS, sweepEmptiedRollups } from '../../../server/reports/rollup-store';
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
});
