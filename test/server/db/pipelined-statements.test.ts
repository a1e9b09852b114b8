import type { PoolConnection } from 'mysql2';
import type { QueryRunner } from 'typeorm';
import { endSharing, sendWithNext, shareTransaction } from '../../../server/db/pipelined-statements';
import { Customer } from '../../support/customer';
import { roundTripsDuring } from '../../support/round-trips';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

// MariaDB only: SQLite has no round trips to save (better-sqlite3 runs each statement in the process).
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

onMariaDb('statements sent with the next one (MariaDB)', () => {
  let hx: TestHuixin;
  beforeAll(async () => {
    hx = await startTestHuixin({}, { startSender: false });
    await hx.ds.query('CREATE TABLE pipe_probe (id INT PRIMARY KEY, note VARCHAR(40))');
  });
  afterAll(() => hx.close());

  const stored = async () => (await hx.ds.query('SELECT id, note FROM pipe_probe ORDER BY id') as Array<{ id: number; note: string }>)
    .map((r) => `${r.id}:${r.note}`);

  /** The round trips of this test's own statements (the clinic's jobs read meanwhile on other connections). */
  const ofProbe = (trips: string[]) => trips.filter((sql) => /pipe_probe|^(START TRANSACTION|COMMIT|ROLLBACK)$/.test(sql));

  /** A transaction on a runner of its own, with a probe row inserted and `then` to finish it. */
  async function inTransaction(then: (runner: QueryRunner) => Promise<void>): Promise<string[]> {
    const runner = hx.ds.createQueryRunner();
    try {
      return ofProbe(await roundTripsDuring(hx.ds, async () => {
        await runner.connect();
        await runner.startTransaction();
        await then(runner);
      }));
    } finally {
      await runner.release();
    }
  }

  it('begins a transaction with its first statement and commits it with the statements waiting for the COMMIT, in one round trip each', async () => {
    const trips = await inTransaction(async (runner) => {
      await runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [1, '第一']);
      expect(sendWithNext(runner, 'INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [2, "it's; DROP TABLE pipe_probe"])).toBe(true);
      await runner.commitTransaction();
    });
    expect(trips).toEqual([
      "START TRANSACTION; INSERT INTO pipe_probe (id, note) VALUES (1, '第一')",
      "INSERT INTO pipe_probe (id, note) VALUES (2, 'it\\'s; DROP TABLE pipe_probe'); COMMIT",
    ]);
    expect(await stored()).toEqual(['1:第一', "2:it's; DROP TABLE pipe_probe"]);
  });

  it('answers the caller\'s own statement when it travelled with others', async () => {
    const runner = hx.ds.createQueryRunner();
    try {
      await runner.startTransaction();
      const rows = await runner.query('SELECT COUNT(*) AS n FROM pipe_probe') as Array<{ n: number | string }>;
      expect(rows).toEqual([{ n: expect.anything() }]);
      expect(Number(rows[0]!.n)).toBe(2);
      sendWithNext(runner, 'INSERT INTO pipe_probe (id, note) VALUES (?, ?), (?, ?)', [3, 'waits', 4, 'waits too']);
      // Its own answer (one row inserted), not the list of both statements' answers.
      expect(await runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [5, 'after'])).toMatchObject({ affectedRows: 1 });
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await stored()).toEqual(['1:第一', "2:it's; DROP TABLE pipe_probe"]);
  });

  it('drops what waits when the transaction rolls back, and sends nothing for a transaction that sent nothing', async () => {
    const rolledBack = await inTransaction(async (runner) => {
      await runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [5, 'undone']);
      sendWithNext(runner, 'INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [6, 'never sent']);
      await runner.rollbackTransaction();
    });
    expect(rolledBack).toEqual(["START TRANSACTION; INSERT INTO pipe_probe (id, note) VALUES (5, 'undone')", 'ROLLBACK']);
    const empty = await inTransaction(async (runner) => { await runner.commitTransaction(); });
    expect(empty).toEqual([]);
    expect(await stored()).toEqual(['1:第一', "2:it's; DROP TABLE pipe_probe"]);
  });

  it('fails the commit when a statement waiting for it fails, leaving nothing of the transaction stored', async () => {
    await expect(hx.ds.transaction(async (em) => {
      await em.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [7, 'with a failing partner']);
      sendWithNext(em.queryRunner!, 'INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [1, 'a duplicate key']);
    })).rejects.toThrow(/Duplicate entry/);
    expect(await stored()).toEqual(['1:第一', "2:it's; DROP TABLE pipe_probe"]);
  });

  it('never hands a waiting statement to the next user of a connection', async () => {
    const runner = hx.ds.createQueryRunner();
    await runner.connect();
    const connection = (runner as unknown as { databaseConnection: PoolConnection }).databaseConnection;
    await runner.startTransaction();   // waits for a first statement that never comes
    await runner.release();
    const next = hx.ds.createQueryRunner();
    try {
      const trips = await roundTripsDuring(hx.ds, async () => {
        await next.connect();
        // The pool hands out the connection released last: the same one.
        expect((next as unknown as { databaseConnection: PoolConnection }).databaseConnection).toBe(connection);
        await next.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [8, 'autocommit']);
      });
      expect(ofProbe(trips)).toEqual(["INSERT INTO pipe_probe (id, note) VALUES (8, 'autocommit')"]);
    } finally {
      await next.release();
    }
    expect(await stored()).toContain('8:autocommit');
  });

  it('sends the statements of callers sharing a transaction together, each answered with its own, and none after one failed', async () => {
    const runner = hx.ds.createQueryRunner();
    const answers: unknown[] = [];
    let failure: Error | null = null;
    try {
      const trips = ofProbe(await roundTripsDuring(hx.ds, async () => {
        await runner.connect();
        await runner.startTransaction();
        expect(shareTransaction(runner)).toBe(true);
        answers.push(...await Promise.all([
          runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [20, 'a']),
          runner.query('SELECT note FROM pipe_probe WHERE id = ?', [1]),
          runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?), (?, ?)', [21, 'b', 22, 'c']),
        ]));
        const settled = await Promise.allSettled([
          runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [1, 'a duplicate key']),
          runner.query('INSERT INTO pipe_probe (note, id) VALUES (?, ?)', ['after the failure, in the same trip', 23]),
        ]);
        expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
        // The transaction may have ended with the error (a deadlock does): nothing more goes to the server.
        await expect(runner.query('INSERT INTO pipe_probe (id, note) VALUES (?, ?)', [24, 'never sent'])).rejects.toThrow(/Duplicate entry/);
        failure = endSharing(runner);
        await runner.rollbackTransaction();
      }));
      expect(trips).toEqual([
        "START TRANSACTION; INSERT INTO pipe_probe (id, note) VALUES (20, 'a'); SELECT note FROM pipe_probe WHERE id = 1; INSERT INTO pipe_probe (id, note) VALUES (21, 'b'), (22, 'c')",
        "INSERT INTO pipe_probe (id, note) VALUES (1, 'a duplicate key'); INSERT INTO pipe_probe (note, id) VALUES ('after the failure, in the same trip', 23)",
        'ROLLBACK',
      ]);
    } finally {
      await runner.release();
    }
    expect(answers).toEqual([expect.objectContaining({ affectedRows: 1 }), [{ note: '第一' }], expect.objectContaining({ affectedRows: 2 })]);
    expect(String(failure)).toMatch(/Duplicate entry/);
    expect(await stored()).toEqual(['1:第一', "2:it's; DROP TABLE pipe_probe", '8:autocommit']);
  });

  it('sends callers\' identical one-row INSERTs in a shared transaction as one INSERT, each answered with its own row\'s id', async () => {
    await hx.ds.query('CREATE TABLE pipe_serial (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(40))');
    await hx.ds.query('INSERT INTO pipe_serial (note) VALUES (?)', ['taken before']);
    const runner = hx.ds.createQueryRunner();
    const ids: number[] = [];
    try {
      const trips = (await roundTripsDuring(hx.ds, async () => {
        await runner.connect();
        await runner.startTransaction();
        shareTransaction(runner);
        const insert = (note: string) => runner.query('INSERT INTO pipe_serial (note) VALUES (?)', [note]) as Promise<{ insertId: number; affectedRows: number }>;
        const answers = await Promise.all([insert('甲'), insert('乙'), runner.query('SELECT 1 AS one'), insert('丙')]) as Array<{ insertId: number; affectedRows: number }>;
        for (const a of [answers[0]!, answers[1]!, answers[3]!]) { expect(a.affectedRows).toBe(1); ids.push(a.insertId); }
        endSharing(runner);
        await runner.commitTransaction();
      })).filter((sql) => /pipe_serial|^COMMIT$/.test(sql));
      expect(trips).toEqual(["START TRANSACTION; INSERT INTO pipe_serial (note) VALUES ('甲'), ('乙'); SELECT 1 AS one; INSERT INTO pipe_serial (note) VALUES ('丙'); COMMIT"]
        .map((t) => t.replace('; COMMIT', '')).concat('COMMIT'));
    } finally {
      await runner.release();
    }
    const rows = await hx.ds.query('SELECT id, note FROM pipe_serial ORDER BY id') as Array<{ id: number; note: string }>;
    expect(ids.map((id) => rows.find((r) => r.id === id)?.note)).toEqual(['甲', '乙', '丙']);
  });

  it('sends a new customer\'s text in fewer round trips: its START with its first read, its thread\'s UPDATE with what follows, its report counts with its COMMIT', async () => {
    const trips = await roundTripsDuring(hx.ds, async () => { await new Customer(hx, '+8613600990001').text('改到明天下午三点'); });
    expect(trips.filter((sql) => sql === 'START TRANSACTION')).toEqual([]);
    const counts = trips.filter((sql) => sql.startsWith('INSERT INTO report_rollups'));
    expect(counts.length).toBeGreaterThan(0);
    for (const sql of counts) expect(sql).toMatch(/; COMMIT$/);
    const threadUpdates = trips.filter((sql) => sql.startsWith('UPDATE `conversations`'));
    expect(threadUpdates.length).toBeGreaterThan(0);
    for (const sql of threadUpdates) expect(sql).toMatch(/WHERE `id` = \d+; \S/);
  });
});
