import { createHmac, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConsentEvent, SettingRow } from '../db/entities';

/** The settings row holding the generated key when PRIVACY_HASH_KEY is not set. */
export const PHONE_HASH_KEY_SETTING = 'privacy.hash_key';

const keys = new WeakMap<DataSource, Promise<Buffer>>();

/**
 * The keyed hash that stands for an erased contact's number in `consent_events.phone_hash`: HMAC-SHA256 of the E.164
 * number, hex. Keyed (not a plain SHA-256) because China's whole mobile range is small enough to hash exhaustively;
 * without the key the stored hash says nothing. The same function both writes (erasure) and checks (an import or a
 * booking of the same number later finds the refusal), so both must come from here.
 */
export async function phoneHasher(ds: DataSource): Promise<(e164: string) => string> {
  const key = await hashKey(ds);
  return (e164) => createHmac('sha256', key).update(e164).digest('hex');
}

/**
 * The hasher when some contact was ever erased (a consent event keeps a hashed number), else null: a bulk import
 * then needs no hash lookups at all.
 */
export async function erasedNumberHasher(ds: DataSource): Promise<((e164: string) => string) | null> {
  const erased = await ds.manager.createQueryBuilder(ConsentEvent, 'e').select('e.id').where('e.phoneHash IS NOT NULL').limit(1).getRawOne();
  return erased ? phoneHasher(ds) : null;
}

/**
 * PRIVACY_HASH_KEY from the environment (read here, not in config.ts, so that every user of the hash reads it the same
 * way), else a random key generated once and kept in the settings table: every node and every restart must hash a
 * number the same way, or an erased refusal would never be found again. Cached per data source.
 */
function hashKey(ds: DataSource): Promise<Buffer> {
  let key = keys.get(ds);
  if (!key) {
    key = process.env.PRIVACY_HASH_KEY ? Promise.resolve(Buffer.from(process.env.PRIVACY_HASH_KEY)) : storedKey(ds.manager);
    key.catch(() => keys.delete(ds));
    keys.set(ds, key);
  }
  return key;
}

async function storedKey(em: EntityManager): Promise<Buffer> {
  const existing = await em.findOneBy(SettingRow, { key: PHONE_HASH_KEY_SETTING });
  if (typeof existing?.value === 'string') return Buffer.from(existing.value, 'hex');
  try {
    await em.createQueryBuilder().insert().into(SettingRow)
      .values({ key: PHONE_HASH_KEY_SETTING, value: randomBytes(32).toString('hex') }).updateEntity(false).execute();
  } catch {
    // Another node generated it at the same moment (primary key taken): theirs is the one, read below.
  }
  const row = await em.findOneByOrFail(SettingRow, { key: PHONE_HASH_KEY_SETTING });
  return Buffer.from(String(row.value), 'hex');
}
