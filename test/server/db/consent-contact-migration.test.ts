import { migratedDatabase, undoThrough } from '../../support/migrated-database';

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
});
