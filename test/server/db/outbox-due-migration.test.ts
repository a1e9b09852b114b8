import { claimDue } from '../../../server/conversations/outbox-claim';
import { Message } from '../../../server/db/entities';
import { migratedDatabase, undoThrough } from '../../support/migrated-database';
import { queueTexts } from '../outbox/outbox-support';

/**
 * Migration 1764900050000 reads a queued text as due by its due time alone (one range of the new index): a queued
 * text stored without one, by an older version, would never be sent after the upgrade unless it is given one.
 */
describe('the outbox-due migration', () => {
  const db = migratedDatabase();

  it('gives a queued text stored without a due time its creation time, so the sender still sends it', async () => {
    const ds = db.ds();
    await undoThrough(ds, 'OutboxDueIndex1764900050000');
    const created = new Date('2026-12-01T02:00:00.000Z');
    await queueTexts(ds, created, '+8613900000003', 1, 'reply', { body: 'queued without a due time', nextAttemptAt: null });
    await queueTexts(ds, created, '+8613900000003', 1, 'reply', { body: 'already sent', status: 'sent', nextAttemptAt: null });
    await ds.runMigrations();

    const claim = await claimDue(ds, new Date('2026-12-01T03:00:00.000Z'), 30_000, 10);
    expect(claim.claimed.map((c) => c.row.body)).toEqual(['queued without a due time']);
    const [sent] = await ds.query("SELECT next_attempt_at AS at FROM messages WHERE body = 'already sent'") as { at: unknown }[];
    expect(sent!.at).toBeNull();
  }, 120_000);
});

/**
 * Migration 1764900060000: a text being sent is found again by its due time, now its lease's end. One in flight at the
 * upgrade still has the time it was first due; given its lease's end, it is found by the index once its lease runs out.
 */
describe('the sending-due-at-lease migration', () => {
  const db = migratedDatabase();

  it('makes a text in flight at the upgrade due at its lease\'s end', async () => {
    const ds = db.ds();
    await undoThrough(ds, 'SendingDueAtLease1764900060000');
    const queued = new Date('2026-12-01T02:00:00.000Z');
    const lease = new Date('2026-12-01T02:10:00.000Z');
    await queueTexts(ds, queued, '+8613900000004', 1, 'reply', { body: 'in flight', status: 'sending', leaseUntil: lease, attempts: 1 });
    await ds.runMigrations();

    expect((await ds.manager.findOneByOrFail(Message, { body: 'in flight' })).nextAttemptAt).toEqual(lease);
    expect((await claimDue(ds, new Date(lease.getTime() + 1), 30_000, 10)).claimed.map((c) => c.row.body)).toEqual(['in flight']);
  }, 120_000);
});
