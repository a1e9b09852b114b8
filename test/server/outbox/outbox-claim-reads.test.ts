import { claimDue } from '../../../server/conversations/outbox-claim';
import { migratedDatabase } from '../../support/migrated-database';
import { roundTripsDuring } from '../../support/round-trips';
import { queueTexts } from './outbox-support';

const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

/** Rows MariaDB read by walking a table or an index from one end (not by key) while `sql` ran, on a connection of its own. */
async function rowsScannedBy(db: ReturnType<typeof migratedDatabase>, sql: string): Promise<number> {
  const runner = db.ds().createQueryRunner();
  try {
    const scanned = async () => Number((await runner.query("SHOW SESSION STATUS LIKE 'Handler_read_rnd_next'") as Array<{ Value: string }>)[0]!.Value);
    const before = await scanned();
    await runner.query(sql);
    return (await scanned()) - before;
  } finally {
    await runner.release();
  }
}

onMariaDb('the sender\'s claim on MariaDB', () => {
  const db = migratedDatabase();
  const now = new Date('2026-11-24T03:00:00.000Z');

  // Every claim (each poll, and each wake-up under a burst of webhooks) asked the database to read every message ever
  // stored: the union's last member joined `messages` ON 1 = 0 to get a row of NULLs, and MariaDB answered that with a
  // whole-table scan. In bench:webhook it was the database's costliest statement (10 ms each, growing with the table).
  it('reads the due rows by their index, however many messages the table holds', async () => {
    const ds = db.ds();
    await queueTexts(ds, now, '+8613700990001', 3000, 'reply', { status: 'delivered', nextAttemptAt: null });
    await queueTexts(ds, now, '+8613700990002', 3, 'reply');
    let claimed = 0;
    const trips = await roundTripsDuring(ds, async () => { claimed = (await claimDue(ds, now, 30_000, 50)).claimed.length; });
    expect(claimed).toBe(3);
    const claim = trips.find((sql) => /UNION ALL/.test(sql) && /FOR UPDATE/.test(sql))!;
    expect(claim).toBeDefined();
    // The same statement again (its rows are claimed now, so it finds none due): a read along the indexes touches a
    // handful of rows, a scan of the table all 3,003.
    // (It travelled with the transaction's START: db/pipelined-statements.ts.)
    expect(await rowsScannedBy(db, claim.replace(/^START TRANSACTION;\s*/i, ''))).toBeLessThan(100);
  });
});
