import { claimDue } from '../../../server/conversations/outbox-claim';
import { migratedDatabase } from '../../support/migrated-database';
import { roundTripsDuring } from '../../support/round-trips';
import { queueTexts } from './outbox-support';

const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

/** Rows MariaDB read one after another (along a table or an index) while `sql` ran, on a connection of its own. */
async function rowsScannedBy(db: ReturnType<typeof migratedDatabase>, sql: string): Promise<number> {
  const runner = db.ds().createQueryRunner();
  try {
    const scanned = async () => (await runner.query("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_rnd_next', 'Handler_read_next', 'Handler_read_prev')") as Array<{ Value: string }>)
      .reduce((sum, row) => sum + Number(row.Value), 0);
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

  // Every claim (each poll, and each wake-up under a burst of webhooks) had the database read every message ever
  // stored, twice over: the union's last member joined `messages` ON 1 = 0 to get a row of NULLs, which MariaDB answered
  // with a whole-table scan, and the optimiser read the "sending" kind along the primary key in id order (to spare a
  // sort), through all of them, finding none. In bench:webhook it was the database's costliest statement (10 ms each
  // at 6,000 messages; 118 ms at 256,000), growing with the table.
  it('reads the due rows by their index, however many messages the table holds', async () => {
    const ds = db.ds();
    await queueTexts(ds, now, '+8613700990001', 3000, 'reply', { status: 'delivered', nextAttemptAt: null });
    await queueTexts(ds, now, '+8613700990002', 3, 'reply');
    let claimed = 0;
    const trips = await roundTripsDuring(ds, async () => { claimed = (await claimDue(ds, now, 30_000, 50)).claimed.length; });
    expect(claimed).toBe(3);
    const claim = trips.find((sql) => /UNION ALL/.test(sql) && /FOR UPDATE/.test(sql))!;
    expect(claim).toBeDefined();
    // The same statement again (its rows are claimed now, so it finds none due): a read along the outbox index touches a
    // handful of rows; before, 3,000 by the table scan and 6,000 along the primary key.
    // (It travelled with the transaction's START: db/pipelined-statements.ts.)
    expect(await rowsScannedBy(db, claim.replace(/^START TRANSACTION;\s*/i, ''))).toBeLessThan(100);
  });

});
