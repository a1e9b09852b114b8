import type { DataSource } from 'typeorm';
import { claimDue } from '../../../server/conversations/outbox-claim';
import { migratedDatabase } from '../../support/migrated-database';
import { roundTripsDuring } from '../../support/round-trips';
import { queueTexts } from './outbox-support';

const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;

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

  /**
   * Claims what is due, then runs the claim's own statement again (its rows are claimed now, so it finds none due) and
   * counts the rows MariaDB read for it. (It travelled with the transaction's START: db/pipelined-statements.ts.)
   */
  async function claimThenRereadRows(at = now): Promise<{ claimed: number; scanned: number }> {
    const ds = db.ds();
    let claimed = 0;
    const trips = await roundTripsDuring(ds, async () => { claimed = (await claimDue(ds, at, 30_000, 50)).claimed.length; });
    const claim = trips.find((sql) => /UNION ALL/.test(sql) && /FOR UPDATE/.test(sql));
    if (!claim) throw new Error('the claim sent no locking UNION');
    return { claimed, scanned: await rowsScannedBy(db, claim.replace(/^START TRANSACTION;\s*/i, '')) };
  }

  // Every claim (each poll, and each wake-up under a burst of webhooks) had the database read every message ever
  // stored, twice over: the union's last member joined `messages` ON 1 = 0 to get a row of NULLs, which MariaDB answered
  // with a whole-table scan, and the optimiser read the "sending" kind along the primary key in id order (to spare a
  // sort), through all of them, finding none. In bench:webhook it was the database's costliest statement (10 ms each
  // at 6,000 messages; 118 ms at 256,000), growing with the table.
  it('reads the due rows by their index, however many messages the table holds', async () => {
    const ds = db.ds();
    await queueTexts(ds, now, '+8613700990001', 3000, 'reply', { status: 'delivered', nextAttemptAt: null });
    await queueTexts(ds, now, '+8613700990002', 3, 'reply');
    const { claimed, scanned } = await claimThenRereadRows();
    expect(claimed).toBe(3);
    // A read along the outbox index touches a handful of rows; before, 3,000 by the table scan and 6,000 along the
    // primary key.
    expect(scanned).toBeLessThan(100);
  });

  // A paced campaign queues its texts at once, each due at its turn (50 a second: 100,000 texts over half an hour). The
  // queued-bulk member read them in id order until it had `limit` due ones: with fewer due than that — every claim of
  // a paced campaign — through the whole future backlog, locking each row it read, on every claim.
  it('reads the due texts of a paced campaign, not its future backlog', async () => {
    const ds = db.ds();
    const later = new Date(now.getTime() + 3_600_000);
    await queueTexts(ds, now, '+8613700990003', 3, 'bulk');
    await queueTexts(ds, now, '+8613700990004', 3000, 'bulk', { nextAttemptAt: later });
    const { claimed, scanned } = await claimThenRereadRows();
    expect(claimed).toBe(3);
    expect(scanned).toBeLessThan(100);
  });

  // A campaign's batch in flight (claimed, being sent, its lease still running): the member that looks for leases that
  // ran out read every text being sent along (status, lane) and tested each one's lease — and, reading FOR UPDATE,
  // locked them all, so the senders recording those very texts waited for each claim. Now a claimed text is due at
  // its lease's end, and the read ends at the first lease still running.
  it('finds the leases that ran out without reading every text in flight', async () => {
    const ds = db.ds();
    const inFlight = await queueTexts(ds, now, '+8613700990007', 3000, 'bulk');
    expect((await claimDue(ds, now, 30_000, 3000)).claimed).toHaveLength(3000);
    const tenSecondsOn = new Date(now.getTime() + 10_000);
    await queueTexts(ds, tenSecondsOn, '+8613700990008', 3, 'bulk');
    const { claimed, scanned } = await claimThenRereadRows(tenSecondsOn);
    expect(claimed).toBe(3);
    expect(scanned).toBeLessThan(100);
    // Their lease over, the texts of the batch are taken again (their sender is taken to have gone), oldest first
    // (after the few this suite's earlier tests left in flight under the same lease).
    const recovered = (await claimDue(ds, new Date(now.getTime() + 30_001), 30_000, 50)).claimed;
    expect(recovered.every((c) => c.recovering)).toBe(true);
    const ofBatch = recovered.map((c) => c.row.id).filter((id) => inFlight.includes(id));
    expect(ofBatch.length).toBeGreaterThan(40);
    expect(ofBatch).toEqual(inFlight.slice(0, ofBatch.length));
  });
});

onSqlite('the sender\'s claim on SQLite', () => {
  const db = migratedDatabase();
  const now = new Date('2026-11-24T03:00:00.000Z');

  /** How SQLite reads `messages` for each statement the claim runs (its query plan's lines that name the table). */
  async function readsOfClaim(ds: DataSource): Promise<{ claimed: number; reads: string[] }> {
    const statements: Array<[string, Parameters<DataSource['query']>[1]]> = [];
    const query = ds.query.bind(ds);
    const spy = jest.spyOn(ds, 'query').mockImplementation((sql, params) => { statements.push([sql, params]); return query(sql, params); });
    let claimed = 0;
    try {
      claimed = (await claimDue(ds, now, 30_000, 50)).claimed.length;
    } finally {
      spy.mockRestore();
    }
    const reads: string[] = [];
    for (const [sql, params] of statements) {
      const plan = await ds.query(`EXPLAIN QUERY PLAN ${sql}`, params) as Array<{ detail: string }>;
      reads.push(...plan.map((line) => line.detail).filter((detail) => /\b(m|messages)\b/.test(detail)));
    }
    return { claimed, reads };
  }

  // The claim of a paced campaign's few due texts read the whole future backlog twice: the read tested each queued text's
  // due time along (status, lane, id), and the UPDATE of three or more ids took the outbox index by status (every queued
  // text) over the primary key.
  it('reads only the due texts by their index and marks them by id, whatever waits behind them', async () => {
    const ds = db.ds();
    await queueTexts(ds, now, '+8613700990005', 3, 'bulk');
    await queueTexts(ds, now, '+8613700990006', 3000, 'bulk', { nextAttemptAt: new Date(now.getTime() + 3_600_000) });
    const { claimed, reads } = await readsOfClaim(ds);
    expect(claimed).toBe(3);
    // Each kind of due row is one range of the index ending at its time: each lane's due texts and its leases that ran
    // out (a claimed text is due at its lease's end; before, the leases were tested text by text in flight).
    const dueKinds = reads.filter((r) => /next_attempt_at</.test(r));
    expect(dueKinds).toHaveLength(4);
    for (const read of reads) {
      expect(read).toMatch(/USING INDEX idx_messages_outbox_due \(status=\? AND lane=\?( AND next_attempt_at<\?)?\)$|USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    }
  });
});

describe('a text being sent', () => {
  const db = migratedDatabase();
  const now = new Date('2026-11-24T03:00:00.000Z');

  // During a rolling restart a node not yet upgraded claims as before: the lease only, next_attempt_at left at the
  // time the text was first due. Its texts are not taken from it before the lease runs out.
  it('leaves a text claimed by an older node to it until its lease runs out', async () => {
    const ds = db.ds();
    await queueTexts(ds, now, '+8613700990009', 2, 'reply', { status: 'sending', leaseUntil: new Date(now.getTime() + 30_000), attempts: 1 });
    expect((await claimDue(ds, new Date(now.getTime() + 29_000), 30_000, 50)).claimed).toHaveLength(0);
    expect((await claimDue(ds, new Date(now.getTime() + 30_001), 30_000, 50)).claimed).toHaveLength(2);
  });
});
