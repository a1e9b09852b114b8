import type { PoolConnection } from 'mysql2';
import { mysqlWithTimeouts, unboundedWhile } from '../../../server/db/mysql-timeouts';

// The pool's own behaviour under the bound DB_TIMEOUT_MS sets; it needs a MySQL server (see database-outage.test.ts).
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

onMariaDb('the MySQL pool with timeouts', () => {
  const url = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const pool = mysqlWithTimeouts(1000).createPool({
    host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), connectionLimit: 1,
  });
  const take = () => new Promise<PoolConnection>((resolve, reject) => pool.getConnection((err, c) => (err ? reject(err) : resolve(c))));
  afterAll(() => new Promise((resolve) => pool.end(resolve)));
  // The pool's one connection is opened before the bound matters: on a loaded machine the handshake alone can take
  // longer than the bound, and a connection that arrives late goes back to the pool for the next caller anyway.
  beforeAll(async () => { (await take().catch(take)).release(); });

  it('tells a caller queued behind a busy pool that it timed out, and returns the connection it would have got to the pool', async () => {
    const busy = await take();
    await expect(take()).rejects.toMatchObject({ code: 'HUIXIN_DB_TIMEOUT' });
    busy.release();
    const again = await take();   // with a limit of one, this hangs if the late hand-over leaked the connection
    expect(again.threadId).toBe(busy.threadId);
    again.release();
  });

  it('destroys a connection whose statement does not answer in time, so the next caller gets a fresh one', async () => {
    const conn = await take();
    await expect(conn.promise().query('SELECT SLEEP(2)')).rejects.toMatchObject({ code: 'HUIXIN_DB_TIMEOUT' });
    conn.release();
    const next = await take();
    expect(next.threadId).not.toBe(conn.threadId);
    const [rows] = await next.promise().query('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    next.release();
  });

  it('lets a statement run past the bound while the database is migrated (a backfill may rightly take longer)', async () => {
    const conn = await take();
    const [rows] = await unboundedWhile(() => conn.promise().query('SELECT SLEEP(1.5) AS slept'));
    expect(rows).toEqual([{ slept: 0 }]);
    conn.release();
    // And the bound is back afterwards.
    const after = await take();
    await expect(after.promise().query('SELECT SLEEP(2)')).rejects.toMatchObject({ code: 'HUIXIN_DB_TIMEOUT' });
    after.release();
  });
});
