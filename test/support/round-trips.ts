import type { Pool, PoolConnection } from 'mysql2';
import type { DataSource } from 'typeorm';

/**
 * What each round trip to MariaDB carried (the SQL text of each command sent), on every pooled connection `ds` hands
 * out while `work` runs. Statements pipelined together (server/db/pipelined-statements.ts) are one entry.
 */
export async function roundTripsDuring(ds: DataSource, work: () => Promise<void>, settleMs = 100): Promise<string[]> {
  const pool = (ds.driver as unknown as { pool: Pool }).pool;
  const sent: string[] = [];
  const spied = new Map<PoolConnection, (cmd: unknown) => unknown>();
  const spy = (connection: PoolConnection) => {
    const conn = connection as unknown as { addCommand(cmd: unknown): unknown };
    if (spied.has(connection)) return;
    const add = conn.addCommand;
    spied.set(connection, add);
    conn.addCommand = function (cmd: unknown) {
      const sql = (cmd as { sql?: unknown }).sql;
      if (typeof sql === 'string') sent.push(sql.replace(/\s+/g, ' ').trim());
      return add.call(this, cmd);
    };
  };
  const onAcquire = (connection: PoolConnection) => spy(connection);
  pool.on('acquire', onAcquire);
  try {
    await work();
    await new Promise((r) => setTimeout(r, settleMs));   // the relays' batched reads, a turn or two later
  } finally {
    pool.removeListener('acquire', onAcquire);
    for (const [connection, add] of spied) (connection as unknown as { addCommand: unknown }).addCommand = add;
  }
  return sent;
}
