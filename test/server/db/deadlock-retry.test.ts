import type { DataSource } from 'typeorm';
import { inTransaction } from '../../../server/db/transaction';
import { publishAfterCommit } from '../../../server/events/after-commit';
import { migratedDatabase } from '../../support/migrated-database';

// InnoDB picks a victim when two transactions lock rows in opposite orders; the victim's work is run again, so both
// writers succeed, and only the run that committed publishes. Needs MySQL/MariaDB (SQLite has one writer).
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

onMariaDb('a deadlocked transaction', () => {
  const db = migratedDatabase({ migrated: false });
  let ds: DataSource;
  beforeAll(async () => {
    ds = db.ds();
    await ds.query('CREATE TABLE pair (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB');
    await ds.query('INSERT INTO pair VALUES (1, 0), (2, 0)');
  });

  it('is run again, so two writers locking in opposite orders both commit, and only the committed run publishes', async () => {
    let bothHoldTheirFirstRow: () => void = () => undefined;
    let held = 0;
    const rendezvous = new Promise<void>((resolve) => { bothHoldTheirFirstRow = resolve; });
    const runs = { a: 0, b: 0 };
    const heard: string[] = [];
    const writer = (name: 'a' | 'b', first: number, second: number) => publishAfterCommit(ds, async (em, events) => {
      runs[name]++;
      events.push(() => heard.push(`${name}${runs[name]}`));
      await em.query('UPDATE pair SET n = n + 1 WHERE id = ?', [first]);
      if (runs[name] === 1 && ++held === 2) bothHoldTheirFirstRow();
      if (runs[name] === 1) await rendezvous;
      await em.query('UPDATE pair SET n = n + 1 WHERE id = ?', [second]);
    });
    await Promise.all([writer('a', 1, 2), writer('b', 2, 1)]);
    expect(await ds.query('SELECT id, n FROM pair ORDER BY id')).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }]);
    expect(runs.a + runs.b).toBe(3);   // one of them was the victim and ran twice
    expect(heard.sort()).toEqual([runs.a === 2 ? 'a2' : 'a1', runs.b === 2 ? 'b2' : 'b1'].sort());
  });

  it('still fails for anything else, at once', async () => {
    let runs = 0;
    await expect(inTransaction(ds, async (em) => { runs++; await em.query('SELECT * FROM no_such_table'); })).rejects.toThrow(/no_such_table/);
    expect(runs).toBe(1);
  });
});
