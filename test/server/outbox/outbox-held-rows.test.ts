import { In } from 'typeorm';
import { Message } from '../../../server/db/entities';
import { isMysql } from '../../../server/db/data-source';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { queueTexts } from './outbox-support';

/**
 * SKIP LOCKED passes over rows another transaction holds, and InnoDB's holders do not always take what they hold
 * (another claim's reads lock rows beyond what they return). A claim that took fewer rows than a batch therefore does
 * not prove that nothing else is due. MariaDB only: SQLite claims without row locks.
 */
const mysqlOnly = process.env.DATABASE_URL?.startsWith('mysql') ? describe : describe.skip;

mysqlOnly('a drain beside a transaction that holds some due rows', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin({}, { startSender: false }); });
  afterAll(() => hx.close());

  it('sends the held rows too once the holder lets go, instead of ending with them still queued', async () => {
    expect(isMysql(hx.ds)).toBe(true);
    const ids = await queueTexts(hx.ds, hx.clock.now(), '+8613700190001', 20, 'reply');
    const holder = hx.ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      // Holds the second half, as a claim on another node that read them and did not take them would.
      await holder.query(`SELECT id FROM messages WHERE id IN (${ids.slice(10).join(', ')}) FOR UPDATE`);
      const drained = hx.sender.drain();
      setTimeout(() => void holder.rollbackTransaction(), 150);
      await drained;
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const rows = await hx.ds.manager.findBy(Message, { id: In(ids) });
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'delivered'));
  });
});
