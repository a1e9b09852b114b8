import Database from 'better-sqlite3';
import path from 'node:path';
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { inTransaction, SQLITE_GROUP_MAX } from '../../../server/db/transaction';
import { publishAfterCommit } from '../../../server/events/after-commit';
import { countRollups } from '../../../server/reports/rollup-store';
import { migratedDatabase } from '../../support/migrated-database';

// SQLite's transactions that queue up behind one another commit together, each in its own savepoint: the webhooks of
// a burst are acknowledged only once durable, and one that fails takes back only its own rows and report counts.
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;

onSqlite('SQLite transactions arriving together', () => {
  const db = migratedDatabase();
  let ds: DataSource;
  let otherConnection: Database.Database;
  beforeAll(async () => {
    ds = db.ds();
    await ds.query('CREATE TABLE burst (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    otherConnection = new Database(path.join(path.dirname((ds.options as { database: string }).database), 'huixin.sqlite'), { readonly: true });
  });
  afterAll(() => otherConnection.close());

  const storedElsewhere = (name: string) => otherConnection.prepare('SELECT COUNT(*) AS n FROM burst WHERE name = ?').get(name) as { n: number };
  const counted = async (value: string) => Number((await ds.query(`SELECT COALESCE(SUM(n), 0) AS n FROM report_rollups WHERE grain = 'h' AND dim = 'all' AND value = ?`, [value]) as Array<{ n: number }>)[0]!.n);
  const write = (name: string, fail = false) => async (em: EntityManager) => {
    await em.query('INSERT INTO burst (name) VALUES (?)', [name]);
    await countRollups(em, [{ hour: 500_000, dim: 'all', value: 'burst', channelId: 0, kind: 'in', state: 'received', n: 1, segments: 0 }]);
    if (fail) throw new Error(`${name} failed`);
    return name;
  };

  it('answers each only after all of them are durable, and a failing one undoes only its own rows and counts', async () => {
    const seenOnAnswer: Array<[string, number]> = [];
    const burst = ['a', 'b', 'c', 'd', 'e'].map((name) => inTransaction(ds, write(name, name === 'c'))
      .then((done) => { seenOnAnswer.push([done, storedElsewhere(done).n]); return done; }));
    const settled = await Promise.allSettled(burst);

    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['a', 'b', 'c failed', 'd', 'e']);
    // Read from a second connection the moment each was answered: already committed, not just written.
    expect(seenOnAnswer.sort()).toEqual([['a', 1], ['b', 1], ['d', 1], ['e', 1]]);
    expect((await ds.query('SELECT name FROM burst ORDER BY name') as Array<{ name: string }>).map((r) => r.name)).toEqual(['a', 'b', 'd', 'e']);
    expect(await counted('burst')).toBe(4);
  });

  it('publishes the events of those that committed, never of one that failed', async () => {
    const heard: string[] = [];
    const writer = (name: string, fail: boolean) => publishAfterCommit(ds, async (em, events) => {
      events.push(() => heard.push(name));
      return write(name, fail)(em);
    });
    await Promise.allSettled([writer('f', false), writer('g', true), writer('h', false)]);
    expect(heard.sort()).toEqual(['f', 'h']);
  });

  it('keeps its guarantees past the largest group, and for a lone transaction', async () => {
    const names = Array.from({ length: SQLITE_GROUP_MAX * 2 + 3 }, (_, i) => `many-${i}`);
    const results = await Promise.allSettled(names.map((name, i) => inTransaction(ds, write(name, i % 10 === 9))));
    const failed = names.filter((_, i) => i % 10 === 9);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(failed.length);
    expect(Number((await ds.query(`SELECT COUNT(*) AS n FROM burst WHERE name LIKE 'many-%'`) as Array<{ n: number }>)[0]!.n)).toBe(names.length - failed.length);
    await expect(inTransaction(ds, write('alone', true))).rejects.toThrow('alone failed');
    await expect(inTransaction(ds, write('alone'))).resolves.toBe('alone');
    expect(await counted('burst')).toBe(4 + 2 + names.length - failed.length + 1);
  });

  it('commits together the transactions asked for in one turn of the event loop, as a burst of webhooks asks for them', async () => {
    let commits = 0;
    const counter: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => { if ((event.queryRunner as unknown as { transactionDepth: number }).transactionDepth === 0) commits++; },
    };
    ds.subscribers.push(counter);
    try {
      // Last: its rows and counts would be in the others' sums. Each from a callback of its own, as each request's
      // body arrives: better-sqlite3 answers every statement at once, so a transaction begun inside the callback ran
      // to its COMMIT before the next callback did, and every group had one member.
      const names = Array.from({ length: 10 }, (_, i) => `turn-${i}`);
      const answers = await Promise.all(names.map((name) => new Promise((resolve, reject) => {
        setImmediate(() => { inTransaction(ds, write(name)).then(resolve, reject); });
      })));
      expect(answers).toEqual(names);
      expect(commits).toBe(1);
    } finally {
      ds.subscribers.splice(ds.subscribers.indexOf(counter), 1);
    }
  });
});
