import { claimDue } from '../../../server/conversations/outbox-claim';
import { migratedDatabase, undoThrough } from '../../support/migrated-database';

/**
 * Migration 1764900050000 reads a queued text as due by its due time alone (one range of the new index): a queued
 * text stored without one, by an older version, would never be sent after the upgrade unless it is given one.
 */
describe('the outbox-due migration', () => {
  const db = migratedDatabase();

  it('gives a queued text stored without a due time its creation time, so the sender still sends it', async () => {
    const ds = db.ds();
    await undoThrough(ds, 'OutboxDueIndex1764900050000');
    await ds.query("INSERT INTO contacts (phone, name, locale, timezone, tags, opted_out) VALUES ('+8613900000003', '张', 'zh-CN', 'Asia/Shanghai', '[]', 0)");
    const [{ id: contactId }] = await ds.query('SELECT id FROM contacts') as { id: number }[];
    await ds.query("INSERT INTO conversations (contact_id, status, created_at, updated_at) VALUES (?, 'open', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", [contactId]);
    const [{ id: conversationId }] = await ds.query('SELECT id FROM conversations') as { id: number }[];
    const created = '2026-12-01 02:00:00.000';   // UTC, as both databases store it
    for (const body of ['queued without a due time', 'already sent']) {
      await ds.query(`INSERT INTO messages (conversation_id, contact_id, direction, origin, body, provider, status, next_attempt_at, lane, created_at, updated_at)
        VALUES (?, ?, 'out', 'system', ?, 'loopback', ?, NULL, 'reply', ?, ?)`, [conversationId, contactId, body, body === 'already sent' ? 'sent' : 'queued', created, created]);
    }
    await ds.runMigrations();

    const claim = await claimDue(ds, new Date('2026-12-01T03:00:00.000Z'), 30_000, 10);
    expect(claim.claimed.map((c) => c.row.body)).toEqual(['queued without a due time']);
    const [sent] = await ds.query("SELECT next_attempt_at AS at FROM messages WHERE body = 'already sent'") as { at: unknown }[];
    expect(sent!.at).toBeNull();
  }, 120_000);
});
