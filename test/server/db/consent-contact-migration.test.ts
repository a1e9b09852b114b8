import { migratedDatabase, undoThrough } from '../../support/migrated-database';

const contactsOfEvents = async (ds: ReturnType<ReturnType<typeof migratedDatabase>['ds']>) =>
  (await ds.query('SELECT contact_id AS contactId FROM consent_events ORDER BY id') as { contactId: number | null }[])
    .map((r) => (r.contactId === null ? null : Number(r.contactId)));

/**
 * Migration 1764400000000 (consent events kept after erasure, contact_id nullable) once dropped and re-added the
 * column on MariaDB: upgrading emptied every consent event's contact and left idx_consent_contact on created_at alone.
 */
describe('consent events through the contacts-admin migration', () => {
  const db = migratedDatabase();

  it('keeps whose opt-out each event was, and finds a person\'s events by the index on (contact_id, created_at)', async () => {
    const ds = db.ds();
    await undoThrough(ds, 'ContactsAdmin1764400000000');
    await ds.query("INSERT INTO contacts (phone, name, locale, timezone, tags, opted_out) VALUES ('+8613900000001', '王', 'zh-CN', 'Asia/Shanghai', '[]', 1)");
    const [contact] = await ds.query('SELECT id FROM contacts') as { id: number }[];
    await ds.query("INSERT INTO consent_events (contact_id, kind, source) VALUES (?, 'opt_out', 'sms')", [contact!.id]);
    await ds.runMigrations();

    const rows = await ds.query("SELECT contact_id AS contactId FROM consent_events WHERE kind = 'opt_out'") as { contactId: number }[];
    expect(rows.map((r) => Number(r.contactId))).toEqual([contact!.id]);
    const qr = ds.createQueryRunner();
    try {
      const table = await qr.getTable('consent_events');
      expect(table!.indices.find((i) => i.name === 'idx_consent_contact')!.columnNames).toEqual(['contact_id', 'created_at']);
    } finally {
      await qr.release();
    }
  }, 120_000);

  it('gives an event that lost its contact (a database upgraded by the old form) the contact of the text it names', async () => {
    const ds = db.ds();
    await ds.query('DELETE FROM consent_events');
    await ds.query("INSERT INTO contacts (phone, name, locale, timezone, tags, opted_out) VALUES ('+8613900000002', '李', 'zh-CN', 'Asia/Shanghai', '[]', 1)");
    const [{ id: contactId }] = await ds.query("SELECT id FROM contacts WHERE phone = '+8613900000002'") as { id: number }[];
    await ds.query("INSERT INTO conversations (contact_id, status, created_at, updated_at) VALUES (?, 'open', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", [contactId]);
    const [{ id: conversationId }] = await ds.query('SELECT id FROM conversations WHERE contact_id = ?', [contactId]) as { id: number }[];
    await ds.query(`INSERT INTO messages (conversation_id, contact_id, direction, origin, body, provider, status, created_at, updated_at)
      VALUES (?, ?, 'in', 'customer', 'TD', 'loopback', 'received', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, [conversationId, contactId]);
    const [{ id: messageId }] = await ds.query('SELECT id FROM messages WHERE contact_id = ?', [contactId]) as { id: number }[];
    // Lost by the old upgrade: the SMS opt-out names its text; an agent's names none; an erased person's keeps only a hash.
    await ds.query("INSERT INTO consent_events (contact_id, kind, source, message_id) VALUES (NULL, 'opt_out', 'sms', ?)", [messageId]);
    await ds.query("INSERT INTO consent_events (contact_id, kind, source) VALUES (NULL, 'opt_in', 'agent')");
    await ds.query("INSERT INTO consent_events (contact_id, kind, source, phone_hash) VALUES (NULL, 'opt_out', 'sms', 'erased')");
    await undoThrough(ds, 'ConsentContactIndex1764900011000');
    await ds.runMigrations();
    expect(await contactsOfEvents(ds)).toEqual([Number(contactId), null, null]);
  }, 120_000);
});
