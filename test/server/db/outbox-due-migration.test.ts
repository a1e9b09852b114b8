import { claimDue } from '../../../server/conversations/outbox-claim';
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
